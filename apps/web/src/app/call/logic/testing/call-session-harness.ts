/** A CallSession on fakes, and two of them linked through an asynchronous "server" that stamps `from`. */
import type { AnswerPayload, IceCandidatePayload, OfferPayload } from '@rendezvous/contracts';
import { CallSession, type CallSignaling } from '../call-session.js';
import type { RtpCodecLike } from '../rtc-types.js';
import { FakeMediaDevices, FakePeerConnection, FakeStream, ManualTimers } from './fakes.js';

/** The partner every single-session test talks to. */
export const PARTNER = 'partner-guest';

export class RecordingSignaling implements CallSignaling {
  readonly events: string[] = [];
  readonly offers: OfferPayload[] = [];
  readonly answers: AnswerPayload[] = [];
  readonly candidates: IceCandidatePayload[] = [];
  /** The linked session, which receives what this one sends (a turn of the event loop later), from `self`. */
  peer: CallSession | null = null;
  self = 'me';
  offer(payload: OfferPayload): void {
    this.events.push('offer');
    this.offers.push(payload);
    this.deliver((peer) => void peer.onOffer({ ...payload, from: this.self }));
  }
  answer(payload: AnswerPayload): void {
    this.events.push('answer');
    this.answers.push(payload);
    this.deliver((peer) => void peer.onAnswer({ ...payload, from: this.self }));
  }
  candidate(payload: IceCandidatePayload): void {
    this.events.push('candidate');
    this.candidates.push(payload);
    this.deliver((peer) => void peer.onCandidate({ ...payload, from: this.self }));
  }
  end(): void {
    this.events.push('end');
    this.deliver((peer) => peer.onRemoteEnd(this.self));
  }
  reject(): void {
    this.events.push('reject');
    this.deliver((peer) => peer.onRemoteReject(this.self));
  }
  private deliver(send: (peer: CallSession) => void): void {
    const peer = this.peer;
    if (peer) setImmediate(() => send(peer));
  }
}

const VIDEO_CODECS: RtpCodecLike[] = [
  { mimeType: 'video/VP9', clockRate: 90_000 },
  { mimeType: 'video/H264', clockRate: 90_000, sdpFmtpLine: 'packetization-mode=1;profile-level-id=42e01f' },
  { mimeType: 'video/VP8', clockRate: 90_000 },
];

export interface SessionSetup {
  deny?: { video?: string; audio?: string };
  initiator?: boolean;
  /** Who this session is paired with (null: nobody yet). */
  partner?: string | null;
  videoCodecs?: RtpCodecLike[] | null;
}

export function setup(options: SessionSetup = {}) {
  const timers = new ManualTimers();
  const devices = new FakeMediaDevices(options.deny);
  const signaling = new RecordingSignaling();
  const pcs: FakePeerConnection[] = [];
  const marks: string[] = [];
  let ids = 0;
  const session = new CallSession({
    createPeerConnection: (config) => {
      const pc = new FakePeerConnection(config);
      pcs.push(pc);
      return pc;
    },
    createMediaStream: () => new FakeStream([]),
    mediaDevices: devices,
    signaling,
    iceServers: () => [{ urls: 'stun:stun.example.org' }],
    timers,
    now: () => timers.now,
    iceTimeoutMs: 15_000,
    callTimeoutMs: 30_000,
    videoCodecs: () => (options.videoCodecs === undefined ? VIDEO_CODECS : options.videoCodecs),
    newCallId: () => `${signaling.self}-call-${++ids}`,
    mark: (step) => marks.push(step),
  });
  const partner = options.partner === undefined ? PARTNER : options.partner;
  if (partner !== null) session.setPartner(partner, options.initiator ?? true);
  return { session, timers, devices, signaling, pcs, marks, pc: () => pcs[pcs.length - 1]! };
}

/** Alice (the initiator: impolite) and Bob (polite), paired with each other. */
export function link({ alicePolite = false } = {}) {
  const alice = setup({ initiator: !alicePolite, partner: 'bob' });
  const bob = setup({ initiator: alicePolite, partner: 'alice' });
  alice.signaling.self = 'alice';
  bob.signaling.self = 'bob';
  alice.signaling.peer = bob.session;
  bob.signaling.peer = alice.session;
  return { alice, bob };
}

export const remoteOffer = (callId = 'their-call', type: 'audio' | 'video' = 'video'): OfferPayload & { from: string } => ({
  offer: { type: 'offer', sdp: `offer:remote m=0:audio${type === 'video' ? ',1:video' : ''}` },
  type,
  callId,
  from: PARTNER,
});

export const remoteAnswer = (callId: string | undefined): AnswerPayload & { from: string } => ({
  answer: { type: 'answer', sdp: 'answer:remote m=0:audio,1:video' },
  ...(callId ? { callId } : {}),
  from: PARTNER,
});
