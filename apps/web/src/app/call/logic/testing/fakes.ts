/** Hand-written fakes of the browser's WebRTC objects for the framework-free call logic. */
import type {
  IceCandidateInit,
  IceConnectionStateLike,
  MediaDevicesLike,
  MediaStreamLike,
  MediaStreamTrackLike,
  PeerConnectionLike,
  SessionDescription,
  SignalingStateLike,
  StatsEntryLike,
  StatsReportLike,
  Timers,
  TrackEventLike,
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
  readonly sender: { track: MediaStreamTrackLike | null; replaceTrack(track: MediaStreamTrackLike | null): Promise<void> };
  constructor(
    readonly kind: 'audio' | 'video',
    readonly direction: 'sendrecv' | 'recvonly',
    readonly streams: MediaStreamLike[],
    pc: { closed: boolean },
  ) {
    const sender = {
      track: null as MediaStreamTrackLike | null,
      async replaceTrack(track: MediaStreamTrackLike | null): Promise<void> {
        await null;
        if (pc.closed) throw domError('InvalidStateError');
        sender.track = track;
      },
    };
    this.sender = sender;
  }
}

let nextPcId = 1;

/**
 * A peer connection with the real signaling-state rules (offer/answer/rollback), operations
 * chained like the browser's, and `negotiationneeded` after addTrack/restartIce when stable.
 */
export class FakePeerConnection implements PeerConnectionLike {
  readonly id = nextPcId++;
  signalingState: SignalingStateLike = 'stable';
  iceConnectionState: IceConnectionStateLike = 'new';
  localDescription: SessionDescription | null = null;
  remoteDescription: SessionDescription | null = null;
  readonly addedCandidates: IceCandidateInit[] = [];
  readonly tracks: MediaStreamTrackLike[] = [];
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
  private negotiationPending = false;

  constructor(readonly config: { iceServers: unknown[] } = { iceServers: [] }) {}

  private op<T>(work: () => T): Promise<T> {
    const next = this.chain.then(async () => {
      await null;
      if (this.closed) throw domError('InvalidStateError');
      return work();
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  setLocalDescription(description?: SessionDescription): Promise<void> {
    return this.op(() => {
      if (description?.type === 'rollback') {
        if (this.signalingState !== 'have-local-offer') throw domError('InvalidStateError');
        this.signalingState = 'stable';
        this.localDescription = null;
        return;
      }
      if (this.signalingState === 'stable') {
        this.localDescription = { type: 'offer', sdp: `offer:${this.id}:${++this.offers}` };
        this.signalingState = 'have-local-offer';
      } else if (this.signalingState === 'have-remote-offer') {
        this.localDescription = { type: 'answer', sdp: `answer:${this.id}` };
        this.signalingState = 'stable';
        this.fireNegotiationIfPending();
      } else {
        throw domError('InvalidStateError');
      }
    });
  }

  setRemoteDescription(description: SessionDescription): Promise<void> {
    return this.op(() => {
      if (description.type === 'offer') {
        if (this.signalingState !== 'stable') throw domError('InvalidStateError');
        this.signalingState = 'have-remote-offer';
      } else if (description.type === 'answer') {
        if (this.signalingState !== 'have-local-offer') throw domError('InvalidStateError');
        this.signalingState = 'stable';
        this.fireNegotiationIfPending();
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

  addTrack(track: MediaStreamTrackLike): void {
    this.tracks.push(track);
    this.needNegotiation();
  }

  addTransceiver(kind: 'audio' | 'video', init: { direction: 'sendrecv' | 'recvonly'; streams?: MediaStreamLike[] }): FakeTransceiver {
    const transceiver = new FakeTransceiver(kind, init.direction, init.streams ?? [], this);
    this.transceivers.push(transceiver);
    this.needNegotiation();
    return transceiver;
  }

  /** Every track this peer sends: added with addTrack or put on a transceiver's sender. */
  sentTracks(): MediaStreamTrackLike[] {
    return [...this.tracks, ...this.transceivers.flatMap((t) => (t.sender.track ? [t.sender.track] : []))];
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

  private fireNegotiationIfPending(): void {
    if (!this.negotiationPending || this.signalingState !== 'stable' || this.closed) return;
    this.negotiationPending = false;
    queueMicrotask(() => this.onnegotiationneeded?.());
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
