/** Hand-written fakes of the browser's WebRTC objects for the framework-free call logic. */
import type {
  IceCandidateInit,
  IceConnectionStateLike,
  MediaDevicesLike,
  MediaStreamLike,
  MediaStreamTrackLike,
  PeerConnectionLike,
  RtpCodecLike,
  SessionDescription,
  SignalingStateLike,
  StatsEntryLike,
  StatsReportLike,
  Timers,
  TrackEventLike,
  TransceiverDirection,
  TransceiverLike,
} from '../rtc-types.js';

export class FakeTrack implements MediaStreamTrackLike {
  enabled = true;
  stopped = false;
  constructor(readonly kind: 'audio' | 'video') {}
  stop(): void {
    this.stopped = true;
  }
}

export class FakeStream implements MediaStreamLike {
  constructor(readonly tracks: FakeTrack[]) {}
  getTracks(): FakeTrack[] {
    return this.tracks;
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
}

function domError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/** Grants what is asked unless a kind is denied; remembers every stream it handed out. */
export class FakeMediaDevices implements MediaDevicesLike {
  readonly handedOut: FakeStream[] = [];
  readonly requests: { audio: boolean; video: boolean }[] = [];
  private gate: Promise<void> = Promise.resolve();
  private open: (() => void) | null = null;
  constructor(private readonly deny: { video?: string; audio?: string } = {}) {}

  /** From now on getUserMedia waits for release(), like a camera that takes a while to start. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = Promise.resolve();
  }

  async getUserMedia(constraints: { audio: boolean; video: boolean }): Promise<FakeStream> {
    this.requests.push(constraints);
    await this.gate;
    if (constraints.video && this.deny.video) throw domError(this.deny.video);
    if (constraints.audio && this.deny.audio) throw domError(this.deny.audio);
    const tracks = [new FakeTrack('audio'), ...(constraints.video ? [new FakeTrack('video')] : [])];
    const stream = new FakeStream(tracks);
    this.handedOut.push(stream);
    return stream;
  }
}

/** A transceiver whose sender's track can be replaced without renegotiating (as in the browser). */
export class FakeTransceiver implements TransceiverLike {
  mid: string | null = null;
  codecPreferences: RtpCodecLike[] | null = null;
  readonly receiver: { track: { kind: string } };
  readonly sender: {
    track: MediaStreamTrackLike | null;
    streams: MediaStreamLike[];
    replaceTrack(track: MediaStreamTrackLike | null): Promise<void>;
    setStreams(...streams: MediaStreamLike[]): void;
  };
  constructor(
    readonly kind: 'audio' | 'video',
    public direction: TransceiverDirection,
    streams: MediaStreamLike[],
    pc: { closed: boolean },
    /** How it came to be: `addTransceiver`, or made by applying the partner's offer. */
    readonly origin: 'local' | 'remote-offer' = 'local',
  ) {
    this.receiver = { track: { kind } };
    const sender = {
      track: null as MediaStreamTrackLike | null,
      streams,
      async replaceTrack(track: MediaStreamTrackLike | null): Promise<void> {
        await null;
        if (pc.closed) throw domError('InvalidStateError');
        sender.track = track;
      },
      setStreams(...next: MediaStreamLike[]): void {
        if (pc.closed) throw domError('InvalidStateError');
        sender.streams = next;
      },
    };
    this.sender = sender;
  }

  setCodecPreferences(codecs: RtpCodecLike[]): void {
    this.codecPreferences = codecs;
  }
}

let nextPcId = 1;

/** The media sections a fake description carries: `m=0:audio,1:video`. */
function sectionsOf(description: SessionDescription): { mid: string; kind: 'audio' | 'video' }[] {
  const list = /m=([^ ]*)/.exec(description.sdp ?? '')?.[1] ?? '';
  return list
    .split(',')
    .filter(Boolean)
    .map((section) => {
      const [mid, kind] = section.split(':');
      return { mid: mid!, kind: kind === 'video' ? 'video' : 'audio' };
    });
}

/**
 * A peer connection with the real signaling-state rules (offer/answer/rollback), operations chained like the
 * browser's, transceivers matched to media sections as JSEP does (a remote offer's sections get the transceiver
 * with that mid, or a new recvonly one: a transceiver made with addTransceiver is never taken over), and
 * `negotiationneeded` whenever it is stable with a transceiver outside every media section, or after restartIce.
 */
export class FakePeerConnection implements PeerConnectionLike {
  readonly id = nextPcId++;
  signalingState: SignalingStateLike = 'stable';
  iceConnectionState: IceConnectionStateLike = 'new';
  localDescription: SessionDescription | null = null;
  remoteDescription: SessionDescription | null = null;
  readonly addedCandidates: IceCandidateInit[] = [];
  readonly transceivers: FakeTransceiver[] = [];
  restarts = 0;
  closed = false;
  stats: StatsEntryLike[] = [];
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((event: { candidate: { toJSON(): IceCandidateInit } | null }) => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  ontrack: ((event: TrackEventLike) => void) | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private offers = 0;
  private nextMid = 0;
  private negotiationPending = false;
  private pendingOps = 0;
  /** Transceivers the pending local offer put into a media section (a rollback takes them out again). */
  private offeredNow: FakeTransceiver[] = [];

  constructor(readonly config: { iceServers: unknown[] } = { iceServers: [] }) {}

  private op<T>(work: () => T): Promise<T> {
    this.pendingOps++;
    const next = this.chain.then(async () => {
      await null;
      if (this.closed) throw domError('InvalidStateError');
      return work();
    });
    this.chain = next
      .catch(() => undefined)
      .then(() => {
        if (--this.pendingOps === 0) this.fireNegotiationIfPending();
      });
    return next;
  }

  private describe(type: 'offer' | 'answer'): SessionDescription {
    const sections = this.transceivers.filter((t) => t.mid !== null).map((t) => `${t.mid}:${t.kind}`);
    return { type, sdp: `${type}:${this.id}:${type === 'offer' ? ++this.offers : this.offers} m=${sections.join(',')}` };
  }

  setLocalDescription(description?: SessionDescription): Promise<void> {
    return this.op(() => {
      if (description?.type === 'rollback') {
        if (this.signalingState !== 'have-local-offer') throw domError('InvalidStateError');
        for (const transceiver of this.offeredNow) transceiver.mid = null;
        this.offeredNow = [];
        this.signalingState = 'stable';
        this.localDescription = null;
        this.checkNegotiation();
        return;
      }
      if (this.signalingState === 'stable') {
        this.offeredNow = this.transceivers.filter((t) => t.mid === null);
        for (const transceiver of this.offeredNow) transceiver.mid = String(this.nextMid++);
        this.localDescription = this.describe('offer');
        this.signalingState = 'have-local-offer';
      } else if (this.signalingState === 'have-remote-offer') {
        this.localDescription = this.describe('answer');
        this.signalingState = 'stable';
        this.checkNegotiation();
      } else {
        throw domError('InvalidStateError');
      }
    });
  }

  setRemoteDescription(description: SessionDescription): Promise<void> {
    return this.op(() => {
      if (description.type === 'offer') {
        if (this.signalingState !== 'stable') throw domError('InvalidStateError');
        for (const { mid, kind } of sectionsOf(description)) {
          if (this.transceivers.some((t) => t.mid === mid)) continue;
          const transceiver = new FakeTransceiver(kind, 'recvonly', [], this, 'remote-offer');
          transceiver.mid = mid;
          this.transceivers.push(transceiver);
          this.nextMid = Math.max(this.nextMid, Number(mid) + 1);
        }
        this.signalingState = 'have-remote-offer';
      } else if (description.type === 'answer') {
        if (this.signalingState !== 'have-local-offer') throw domError('InvalidStateError');
        this.offeredNow = [];
        this.signalingState = 'stable';
        this.checkNegotiation();
      }
      this.remoteDescription = description;
    });
  }

  addIceCandidate(candidate: IceCandidateInit): Promise<void> {
    return this.op(() => {
      if (!this.remoteDescription) throw domError('InvalidStateError');
      this.addedCandidates.push(candidate);
    });
  }

  addTransceiver(kind: 'audio' | 'video', init: { direction: 'sendrecv' | 'recvonly'; streams?: MediaStreamLike[] }): FakeTransceiver {
    const transceiver = new FakeTransceiver(kind, init.direction, init.streams ?? [], this);
    this.transceivers.push(transceiver);
    this.needNegotiation();
    return transceiver;
  }

  getTransceivers(): FakeTransceiver[] {
    return [...this.transceivers];
  }

  /** Every track this peer sends (on a transceiver's sender). */
  sentTracks(): MediaStreamTrackLike[] {
    return this.transceivers.flatMap((t) => (t.sender.track ? [t.sender.track] : []));
  }

  restartIce(): void {
    this.restarts++;
    this.needNegotiation();
  }

  async getStats(): Promise<StatsReportLike> {
    const entries = this.stats;
    return { forEach: (callback) => entries.forEach(callback) };
  }

  close(): void {
    this.closed = true;
    this.signalingState = 'closed';
  }

  // Test helpers
  setIceState(state: IceConnectionStateLike): void {
    this.iceConnectionState = state;
    this.oniceconnectionstatechange?.();
  }

  emitCandidate(candidate: IceCandidateInit): void {
    this.onicecandidate?.({ candidate: { toJSON: () => candidate } });
  }

  emitRemoteTrack(stream: MediaStreamLike): void {
    this.ontrack?.({ track: stream.getTracks()[0]!, streams: [stream] });
  }

  private needNegotiation(): void {
    this.negotiationPending = true;
    queueMicrotask(() => this.fireNegotiationIfPending());
  }

  /** Back to stable: a transceiver still outside every media section needs another offer. */
  private checkNegotiation(): void {
    if (this.transceivers.some((t) => t.mid === null)) this.negotiationPending = true;
    this.fireNegotiationIfPending();
  }

  /** Like the browser: a task, fired only when stable with no operation queued (checked again when it runs). */
  private fireNegotiationIfPending(): void {
    const due = () => this.negotiationPending && this.signalingState === 'stable' && !this.closed && this.pendingOps === 0;
    if (!due()) return;
    setImmediate(() => {
      if (!due()) return;
      this.negotiationPending = false;
      this.onnegotiationneeded?.();
    });
  }
}

/** Timers driven by hand: `advance(ms)` runs what is due. */
export class ManualTimers implements Timers {
  now = 0;
  private seq = 0;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): number {
    const id = ++this.seq;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get count(): number {
    return this.pending.size;
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

/** Lets every queued promise job and microtask run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
