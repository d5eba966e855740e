import type { AnswerPayload, IceCandidatePayload, OfferPayload } from '@rendezvous/contracts';
import type { CallQuality } from './call-quality.js';
import type { CallSessionDeps } from './call-session-deps.js';
import { emptySnapshot, type CallSnapshot } from './call-snapshot.js';
import { describeCallEnd, initialCallState, isCallActive, transition, type CallEvent, type CallState } from './call-state-machine.js';
import { IceWatchdog, ICE_CONNECT_TIMEOUT_MS } from './ice-watchdog.js';
import { acquireMedia, stopStream, type AcquiredMedia } from './media-acquisition.js';
import { PerfectNegotiation } from './perfect-negotiation.js';
import { QualityMonitor } from './quality-monitor.js';
import type { CallType, IceCandidateInit, IceConnectionStateLike, MediaStreamLike, PeerConnectionLike, SessionDescription, TransceiverLike } from './rtc-types.js';

export type { CallSessionDeps, CallSignaling } from './call-session-deps.js';
export type { CallSnapshot } from './call-snapshot.js';

/** Extra time the client waits for the server's own timeout before ending the call itself. */
const SERVER_TIMEOUT_GRACE_MS = 2_000;
const EARLY_CANDIDATES_MAX = 64;

/**
 * One call with the current partner: owns the RTCPeerConnection, media, ICE queue and
 * timers, and cleans all of them up on every exit path. Framework-free; see call.service.ts.
 */
export class CallSession {
  private state: CallState = initialCallState;
  private polite = true;
  private pc: PeerConnectionLike | null = null;
  private negotiation: PerfectNegotiation | null = null;
  private watchdog: IceWatchdog;
  private localStream: MediaStreamLike | null = null;
  private remoteStream: MediaStreamLike | null = null;
  private mediaReady: Promise<void> = Promise.resolve();
  private pendingOffer: SessionDescription | null = null;
  private earlyCandidates: IceCandidateInit[] = [];
  private guardTimer: unknown = null;
  private readonly quality: QualityMonitor;
  private generation = 0;
  private snap: CallSnapshot;
  private readonly listeners = new Set<(snapshot: CallSnapshot) => void>();

  constructor(private readonly deps: CallSessionDeps) {
    this.watchdog = new IceWatchdog(deps.timers, { restart: () => this.restartIce(), giveUp: () => this.finish({ type: 'ice-gave-up' }, true) }, deps.iceTimeoutMs ?? ICE_CONNECT_TIMEOUT_MS);
    this.quality = new QualityMonitor(deps.timers, deps.now, (quality) => this.emit({ quality }), deps.statsIntervalMs);
    this.snap = emptySnapshot(this.state);
  }

  get snapshot(): CallSnapshot {
    return this.snap;
  }

  subscribe(listener: (snapshot: CallSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** From `match:found.initiator`: the initiator is the impolite peer. */
  setInitiator(initiator: boolean): void {
    this.polite = !initiator;
  }

  /**
   * Caller: asks for the camera/microphone and sends the offer at the same time. The offer announces a sending
   * audio (and video) transceiver right away, so `negotiationneeded` fires without waiting for the devices;
   * their tracks go onto those senders when they are ready (replaceTrack: no second offer). The partner's
   * phone rings while our camera starts.
   */
  async startCall(type: CallType): Promise<void> {
    if (!this.apply({ type: 'dial', callType: type })) return;
    this.mark('call-dial');
    this.earlyCandidates = [];
    this.armGuard(() => this.finish({ type: 'timeout' }, true));
    const gen = this.generation;
    const media = this.requestMedia(type, gen);
    this.createPeer();
    const senders = this.addSendingTransceivers(type);
    this.mediaReady = this.attachLocalMedia(gen, media, senders);
    await this.mediaReady;
  }

  async onOffer(payload: OfferPayload): Promise<void> {
    const phase = this.state.phase;
    this.mark('offer-received');
    if (phase === 'idle' || phase === 'incoming') {
      this.pendingOffer = payload.offer;
      if (phase === 'idle') {
        this.apply({ type: 'offer-received', callType: payload.type });
        this.armGuard(() => this.finish({ type: 'timeout' }, false));
        this.emit({ ringingUntil: this.deps.now() + this.callTimeoutMs });
      }
      return;
    }
    const gen = this.generation;
    if (phase === 'outgoing') await this.mediaReady;
    if (gen !== this.generation || !this.negotiation) return;
    await this.guarded(gen, async () => {
      const outcome = await this.negotiation!.onRemoteDescription(payload.offer);
      if (outcome === 'answered' && this.state.phase === 'outgoing') {
        this.clearGuard();
        this.apply({ type: 'collision-accepted', callType: this.state.callType ?? payload.type });
        this.superviseIce();
      }
    });
  }

  /**
   * Callee accepts: the camera/microphone are asked for now (accepting is the consent; never before), while the
   * remote description is set; the answer is made once the tracks are added.
   */
  async accept(): Promise<void> {
    const offer = this.pendingOffer;
    const type = this.state.callType;
    if (this.state.phase !== 'incoming' || !offer || !type) return;
    this.clearGuard();
    this.apply({ type: 'accept' });
    this.mark('call-accept');
    this.pendingOffer = null;
    const gen = this.generation;
    const media = this.requestMedia(type, gen);
    const negotiation = this.createPeer();
    await this.guarded(gen, async () => {
      await negotiation.onRemoteDescription(offer, async () => {
        this.mediaReady = this.attachLocalMedia(gen, media);
        await this.mediaReady;
        if (gen !== this.generation) throw new Error('call ended while accepting');
      });
      this.superviseIce();
    });
  }

  decline(): void {
    if (this.state.phase !== 'incoming') return;
    this.deps.signaling.reject();
    this.finish({ type: 'decline' }, false);
  }

  async onAnswer(payload: AnswerPayload): Promise<void> {
    if (!this.negotiation || !isCallActive(this.state.phase)) return;
    const gen = this.generation;
    this.mark('answer-received');
    await this.guarded(gen, async () => {
      await this.negotiation!.onRemoteDescription(payload.answer);
      this.clearGuard();
      this.apply({ type: 'answer-received' });
      this.superviseIce();
    });
  }

  async onCandidate(payload: IceCandidatePayload): Promise<void> {
    if (this.negotiation) return this.negotiation.onRemoteCandidate(payload.candidate);
    if (this.earlyCandidates.length < EARLY_CANDIDATES_MAX) this.earlyCandidates.push(payload.candidate);
  }

  hangUp(): void {
    if (this.state.phase === 'incoming') return this.decline();
    if (isCallActive(this.state.phase)) this.finish({ type: 'hang-up' }, true);
  }

  onRemoteEnd(): void {
    this.finish({ type: 'remote-hang-up' }, false);
  }

  onRemoteReject(): void {
    this.finish({ type: 'rejected' }, false);
  }

  onTimeout(): void {
    this.finish({ type: 'timeout' }, false);
  }

  /** The pairing ended (partner left, next, disconnect): end any call silently. */
  onPartnerLeft(): void {
    this.finish({ type: 'partner-left' }, false);
    this.earlyCandidates = [];
  }

  /** Page unload / service destroy: tell the partner if a call is up, free everything. */
  dispose(): void {
    if (isCallActive(this.state.phase)) this.deps.signaling.end();
    this.cleanup();
    this.listeners.clear();
  }

  /** Forgets the last call's end message and media notice (a new partner). */
  clearMessages(): void {
    this.emit({ endMessage: null, mediaNotice: null });
  }

  toggleMute(): void {
    const muted = !this.snap.muted;
    this.localStream?.getAudioTracks().forEach((track) => (track.enabled = !muted));
    this.emit({ muted });
  }

  toggleCamera(): void {
    const cameraOff = !this.snap.cameraOff;
    this.localStream?.getVideoTracks().forEach((track) => (track.enabled = !cameraOff));
    this.emit({ cameraOff });
  }

  /** Fresh getStats() numbers of the live call (also the e2e test hook's source). */
  readQuality(): Promise<CallQuality | null> {
    return this.quality.read();
  }

  private mark(step: string): void {
    this.deps.mark?.(step);
  }

  private get callTimeoutMs(): number {
    return this.deps.callTimeoutMs ?? 30_000;
  }

  private createPeer(): PerfectNegotiation {
    const pc = this.deps.createPeerConnection({ iceServers: this.deps.iceServers() });
    const gen = this.generation;
    const negotiation = new PerfectNegotiation(pc, this.polite, {
      sendOffer: (offer) => {
        this.mark('offer-sent');
        this.deps.signaling.offer({ offer, type: this.state.callType ?? 'audio' });
      },
      sendAnswer: (answer) => {
        this.mark('answer-sent');
        this.deps.signaling.answer({ answer });
      },
    });
    pc.onnegotiationneeded = () => void this.guarded(gen, () => negotiation.onNegotiationNeeded());
    pc.onicecandidate = ({ candidate }) => {
      if (candidate && gen === this.generation) this.deps.signaling.candidate({ candidate: candidate.toJSON() });
    };
    pc.oniceconnectionstatechange = () => this.onIceState(pc.iceConnectionState);
    pc.ontrack = ({ streams }) => {
      if (streams[0] && gen === this.generation) {
        if (!this.remoteStream) this.mark('remote-track');
        this.remoteStream = streams[0];
        this.emit({});
      }
    };
    this.pc = pc;
    this.negotiation = negotiation;
    this.mark('pc-created');
    for (const candidate of this.earlyCandidates.splice(0)) void negotiation.onRemoteCandidate(candidate);
    return negotiation;
  }

  /** Starts getUserMedia; whatever it yields after this call has ended is stopped at once (no camera left on). */
  private requestMedia(type: CallType, gen: number): Promise<AcquiredMedia> {
    this.mark('media-requested');
    return acquireMedia(this.deps.mediaDevices, type).then((media) => {
      this.mark('media-acquired');
      if (gen !== this.generation) stopStream(media.stream);
      return media;
    });
  }

  /**
   * The caller's transceivers, sending and receiving, in a stream of their own (so the partner's `track` event
   * has a stream), before any track exists. Without a camera or microphone they simply send nothing.
   */
  private addSendingTransceivers(type: CallType): Map<string, TransceiverLike> {
    const pc = this.pc!;
    const stream = this.deps.createMediaStream();
    const kinds: ('audio' | 'video')[] = type === 'video' ? ['audio', 'video'] : ['audio'];
    return new Map(kinds.map((kind) => [kind, pc.addTransceiver(kind, { direction: 'sendrecv', streams: [stream] })]));
  }

  /** Puts the acquired tracks on the caller's senders (`senders`) or adds them (callee, before answering). */
  private async attachLocalMedia(gen: number, pending: Promise<AcquiredMedia>, senders?: Map<string, TransceiverLike>): Promise<void> {
    const media = await pending;
    if (gen !== this.generation || !this.pc) {
      stopStream(media.stream);
      return;
    }
    const pc = this.pc;
    this.localStream = media.stream;
    const tracks = media.stream?.getTracks() ?? [];
    if (senders) {
      try {
        await Promise.all(tracks.map((track) => senders.get(track.kind)?.sender.replaceTrack(track)));
      } catch {
        if (gen === this.generation) this.finish({ type: 'failed' }, true);
        return;
      }
      if (gen !== this.generation) return;
    } else {
      tracks.forEach((track) => pc.addTrack(track, media.stream!));
    }
    this.emit({ mediaNotice: media.notice, hasLocalVideo: media.hasVideo });
  }

  private onIceState(iceState: IceConnectionStateLike): void {
    this.watchdog.onIceState(iceState);
    if (iceState === 'connected' || iceState === 'completed') {
      if (this.state.phase !== 'connected') this.mark('ice-connected');
      this.apply({ type: 'ice-connected' });
      this.emit({ iceState, restartingIce: false });
      if (this.pc) this.quality.start(this.pc);
      return;
    }
    if (iceState === 'disconnected') this.apply({ type: 'ice-interrupted' });
    this.emit({ iceState });
  }

  /** Starts the ICE timer unless ICE is already up (it may beat the code that applied the answer). */
  private superviseIce(): void {
    const ice = this.pc?.iceConnectionState;
    if (ice !== 'connected' && ice !== 'completed') this.watchdog.start();
  }

  private restartIce(): void {
    this.apply({ type: 'ice-interrupted' });
    this.pc?.restartIce();
    this.emit({ restartingIce: true });
  }

  /** Runs async call work; any failure ends the call with a message instead of hanging it. */
  private async guarded(gen: number, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch {
      if (gen === this.generation) this.finish({ type: 'failed' }, true);
    }
  }

  private finish(event: CallEvent, notifyPartner: boolean): void {
    if (transition(this.state, event) === this.state) return;
    if (notifyPartner) this.deps.signaling.end();
    this.cleanup();
    this.apply(event);
  }

  /** The seed's cleanup table: pc.close(), every track stopped, queues and timers cleared. */
  private cleanup(): void {
    this.generation++;
    this.clearGuard();
    this.quality.stop();
    this.watchdog.stop();
    this.negotiation?.reset();
    this.negotiation = null;
    if (this.pc) {
      this.pc.onnegotiationneeded = null;
      this.pc.onicecandidate = null;
      this.pc.oniceconnectionstatechange = null;
      this.pc.ontrack = null;
      this.pc.close();
    }
    this.pc = null;
    stopStream(this.localStream);
    stopStream(this.remoteStream);
    this.localStream = null;
    this.remoteStream = null;
    this.mediaReady = Promise.resolve();
    this.pendingOffer = null;
    this.earlyCandidates = [];
    this.snap = emptySnapshot(this.state);
  }

  private armGuard(onExpiry: () => void): void {
    this.clearGuard();
    this.guardTimer = this.deps.timers.setTimeout(() => {
      this.guardTimer = null;
      onExpiry();
    }, this.callTimeoutMs + SERVER_TIMEOUT_GRACE_MS);
  }

  private clearGuard(): void {
    if (this.guardTimer !== null) this.deps.timers.clearTimeout(this.guardTimer);
    this.guardTimer = null;
  }

  /** Applies an event to the state machine; false when it did not apply. */
  private apply(event: CallEvent): boolean {
    const next = transition(this.state, event);
    if (next === this.state) return false;
    this.state = next;
    const endMessage = next.phase === 'idle' && next.lastEnd ? describeCallEnd(next.lastEnd) : null;
    const fresh = event.type === 'dial' || event.type === 'offer-received';
    this.emit({
      endMessage,
      ...(fresh ? { mediaNotice: null, muted: false, cameraOff: false, quality: null, restartingIce: false, iceState: null } : {}),
      ...(next.phase !== 'incoming' ? { ringingUntil: null } : {}),
    });
    return true;
  }

  private emit(patch: Partial<CallSnapshot>): void {
    this.snap = { ...this.snap, ...patch, state: this.state, localStream: this.localStream, remoteStream: this.remoteStream };
    for (const listener of this.listeners) listener(this.snap);
  }
}
