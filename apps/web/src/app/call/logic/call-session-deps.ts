import type { AnswerPayload, IceCandidatePayload, OfferPayload } from '@rendezvous/contracts';
import type { IceServerLike, MediaDevicesLike, MediaStreamFactory, PeerConnectionFactory, Timers, VideoCodecCapabilities } from './rtc-types.js';

/** What the call sends to the partner (through the socket). */
export interface CallSignaling {
  offer(payload: OfferPayload): void;
  answer(payload: AnswerPayload): void;
  candidate(payload: IceCandidatePayload): void;
  end(): void;
  reject(): void;
}

export interface CallSessionDeps {
  createPeerConnection: PeerConnectionFactory;
  createMediaStream: MediaStreamFactory;
  mediaDevices: MediaDevicesLike | null;
  signaling: CallSignaling;
  iceServers: () => IceServerLike[];
  timers: Timers;
  now: () => number;
  /** @default 15000 */
  iceTimeoutMs?: number;
  /** How long an offer may stay unanswered; the server's `webrtc:call-timeout` normally ends it first. @default 30000 */
  callTimeoutMs?: number;
  /** @default 1000 */
  statsIntervalMs?: number;
  /** The browser's video codecs, to offer VP8 and H.264 first; without it the browser's own order stands. */
  videoCodecs?: VideoCodecCapabilities;
  /** @default randomCallId (128 random bits) */
  newCallId?: () => string;
  /** Notes that a step of call setup happened (a User Timing mark for the benchmark); names only. */
  mark?: (step: string) => void;
}
