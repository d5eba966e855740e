import type { AnswerPayload, FromPartner, IceCandidatePayload, OfferPayload } from '@rendezvous/contracts';
import type { CallQuality } from './call-quality.js';
import { CallIdentity } from './call-identity.js';
import type { CallSessionDeps } from './call-session-deps.js';
import { emptySnapshot, type CallSnapshot } from './call-snapshot.js';
import { describeCallEnd, initialCallState, isCallActive, transition, type CallEvent, type CallState } from './call-state-machine.js';
import { addSendingTransceivers, takeOfferedTransceivers, type Senders } from './call-transceivers.js';
import { IceWatchdog, ICE_CONNECT_TIMEOUT_MS } from './ice-watchdog.js';
import { acquireMedia, stopStream, type AcquiredMedia } from './media-acquisition.js';
import { PerfectNegotiation } from './perfect-negotiation.js';
import { QualityMonitor } from './quality-monitor.js';
import type { CallType, IceCandidateInit, IceConnectionStateLike, MediaStreamLike, PeerConnectionLike, SessionDescription } from './rtc-types.js';

export type { CallSessionDeps, CallSignaling } from './call-session-deps.js';
export type { CallSnapshot } from './call-snapshot.js';

/** What the partner's relayed events carry besides their payload: the server-set sender. */
type Relayed<T> = T & Pick<FromPartner, 'from'>;

/** Extra time the client waits for the server's own timeout before ending the call itself. */
const SERVER_TIMEOUT_GRACE_MS = 2_000;
const EARLY_CANDIDATES_MAX = 64;

/**
 * One call with the current partner: owns the RTCPeerConnection, media, ICE queue and
 * timers, and cleans all of them up on every exit path. Framework-free; see call.service.ts.
 *
 * Each call has an id (chosen by its caller, carried by its offers and answers) and belongs to one partner:
 * a description of an earlier call or from an earlier partner is dropped, never shown as a new call.
 */
export class CallSession {
  private state: CallState = initialCallState;
  private polite = true;
  private readonly calls: CallIdentity;
  private pc: PeerConnectionLike | null = null;
  private negotiation: PerfectNegotiation | null = null;
  private watchdog: IceWatchdog;
  /** Where our tracks go: one transceiver per kind, ours (caller) or the ones the partner's offer made (callee). */
  private senders: Senders = new Map();
  private media: Promise<AcquiredMedia> | null = null;
  private localStream: MediaStreamLike | null = null;
  private remoteStream: MediaStreamLike | null = null;
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
    this.calls = new CallIdentity(deps.newCallId);
  }

  get snapshot(): CallSnapshot {
    return this.snap;
  }

  /** The perfect-negotiation role of this side for the current partner. */
  get isPolite(): boolean {
    return this.polite;
  }

  subscribe(listener: (snapshot: CallSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** From `match:found`: who the partner is, and whether we are the initiator (the impolite peer). */
  setPartner(partnerId: string, initiator: boolean): void {
    this.calls.setPartner(partnerId);
    this.polite = !initiator;
  }

  /**
   * Caller: asks for the camera/microphone and sends the offer at the same time. The offer announces a sending
   * audio (and video) transceiver right away, so `negotiationneeded` fires without waiting for the devices;
   * their tracks go onto those senders when they are ready (replaceTrack: no second offer). The partner's
   * phone rings while our camera starts.
   */
  async startCall(type: CallType): Promise<void> {
    if (!this.calls.hasPartner || !this.apply({ type: 'dial', callType: type })) return;
    this.mark('call-dial');
    this.calls.dial();
    this.earlyCandidates = [];
    this.armGuard(() => this.finish({ type: 'timeout' }, true));
    const gen = this.generation;
    this.media = this.requestMedia(type, gen);
    this.createPeer();
    this.senders = addSendingTransceivers(this.pc!, type, this.deps.createMediaStream(), this.deps.videoCodecs);
    await this.attachLocalMedia(gen);
  }

  /**
   * Decided at once, in arrival order, never after an await: an offer that arrives while our own call is still
   * unanswered is the partner calling at the same moment (glare). The impolite side keeps its call; the polite
   * side takes the partner's call instead of its own, in the same round (see adoptPartnersCall).
   */
  onOffer(payload: Relayed<OfferPayload>): Promise<void> {
    this.mark('offer-received');
    const { callId, offer, type } = payload;
    if (!this.calls.isCurrentPartner(payload.from) || this.calls.isFinished(callId)) return this.ignored('stale-offer');
    const phase = this.state.phase;
    if (phase === 'idle') {
      this.pendingOffer = offer;
      this.calls.ringing(callId);
      this.apply({ type: 'offer-received', callType: type });
      this.armGuard(() => this.finish({ type: 'timeout' }, false));
      this.emit({ ringingUntil: this.deps.now() + this.callTimeoutMs });
      return Promise.resolve();
    }
    if (phase === 'incoming') {
      if (this.calls.isCurrent(callId)) this.pendingOffer = offer;
      return Promise.resolve();
    }
    if (phase === 'outgoing' && !this.calls.isCurrent(callId, { strict: true })) {
      if (!this.polite) return this.ignored('glare-kept-own-call');
      return this.adoptPartnersCall(payload);
    }
    if (!this.calls.isCurrent(callId) || !this.negotiation || !this.pc) return this.ignored('stale-offer');
    // A renegotiation of this call (ICE restart): perfect negotiation, with rollback on the polite side.
    const pc = this.pc;
    return this.guarded(pc, async () => {
      await this.negotiation!.onRemoteDescription(offer);
    });
  }

  /**
   * Callee accepts: the camera/microphone are asked for now (accepting is the consent; never before); the answer
   * goes out as soon as the offer is applied, sending on the offer's own transceivers once the tracks are ready.
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
    this.media = this.requestMedia(type, gen);
    await Promise.all([this.answerOffer(offer), this.attachLocalMedia(gen)]);
  }

  decline(): void {
    if (this.state.phase !== 'incoming') return;
    this.deps.signaling.reject();
    this.finish({ type: 'decline' }, false);
  }

  async onAnswer(payload: Relayed<AnswerPayload>): Promise<void> {
    this.mark('answer-received');
    if (!this.calls.isCurrentPartner(payload.from) || !this.calls.isCurrent(payload.callId)) return this.ignored('stale-answer');
    if (!this.negotiation || !this.pc || !isCallActive(this.state.phase)) return;
    await this.guarded(this.pc, async () => {
      await this.negotiation!.onRemoteDescription(payload.answer);
      this.clearGuard();
      this.apply({ type: 'answer-received' });
      this.superviseIce();
    });
  }

  async onCandidate(payload: Relayed<IceCandidatePayload>): Promise<void> {
    if (!this.calls.isCurrentPartner(payload.from)) return;
    if (this.negotiation) return this.negotiation.onRemoteCandidate(payload.candidate);
    if (this.earlyCandidates.length < EARLY_CANDIDATES_MAX) this.earlyCandidates.push(payload.candidate);
  }

  hangUp(): void {
    if (this.state.phase === 'incoming') return this.decline();
    if (isCallActive(this.state.phase)) this.finish({ type: 'hang-up' }, true);
  }

  onRemoteEnd(from: string): void {
    if (this.calls.isCurrentPartner(from)) this.finish({ type: 'remote-hang-up' }, false);
  }

  onRemoteReject(from: string): void {
    if (this.calls.isCurrentPartner(from)) this.finish({ type: 'rejected' }, false);
  }

  onTimeout(): void {
    this.finish({ type: 'timeout' }, false);
  }

  /** The pairing ended (partner left, next, disconnect): end any call silently; nothing of this partner counts any more. */
  onPartnerLeft(): void {
    this.finish({ type: 'partner-left' }, false);
    this.calls.setPartner(null);
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

  private ignored(step: string): Promise<void> {
    this.mark(step);
    return Promise.resolve();
  }

  private get callTimeoutMs(): number {
    return this.deps.callTimeoutMs ?? 30_000;
  }

  /**
   * Glare, polite side: our offer is still unanswered, and the impolite partner ignores it. Rolling it back
   * would keep our own transceivers, which a remote offer never takes over (JSEP 5.10 reuses only addTrack's),
   * so our media would need a second offer, whose header-extension ids can clash with the other browser's;
   * and stopping them makes browsers renegotiate all the same. So the unanswered connection is dropped whole
   * (the rollback of a connection that never had an answer) and the partner's offer is answered on a fresh one,
   * our tracks going onto the transceivers that offer made: one offer, one answer. The camera request goes on.
   */
  private adoptPartnersCall(payload: Relayed<OfferPayload>): Promise<void> {
    this.mark('glare-took-partners-call');
    this.calls.adopt(payload.callId);
    this.clearGuard();
    this.apply({ type: 'collision-accepted', callType: payload.type });
    this.releasePeer();
    return this.answerOffer(payload.offer);
  }

  /** Answers the partner's offer on a new connection, sending on the transceivers the offer made. */
  private async answerOffer(offer: SessionDescription): Promise<void> {
    const negotiation = this.createPeer();
    const pc = this.pc!;
    const stream = this.deps.createMediaStream();
    await this.guarded(pc, async () => {
      await negotiation.onRemoteDescription(offer, async () => {
        this.senders = takeOfferedTransceivers(pc, stream, this.deps.videoCodecs);
      });
      this.superviseIce();
    });
    await this.sendLocalTracks();
  }

  private createPeer(): PerfectNegotiation {
    const pc = this.deps.createPeerConnection({ iceServers: this.deps.iceServers() });
    const negotiation = new PerfectNegotiation(pc, this.polite, {
      sendOffer: (offer) => {
        this.mark('offer-sent');
        this.deps.signaling.offer({ offer, type: this.state.callType ?? 'audio', ...this.calls.wire() });
      },
      sendAnswer: (answer) => {
        this.mark('answer-sent');
        this.deps.signaling.answer({ answer, ...this.calls.wire() });
      },
    });
    pc.onnegotiationneeded = () => void this.guarded(pc, () => negotiation.onNegotiationNeeded());
    pc.onicecandidate = ({ candidate }) => {
      if (candidate && pc === this.pc) this.deps.signaling.candidate({ candidate: candidate.toJSON() });
    };
    pc.oniceconnectionstatechange = () => this.onIceState(pc.iceConnectionState);
    pc.ontrack = ({ streams }) => {
      if (streams[0] && pc === this.pc) {
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

  /** Once the camera/microphone answer: keeps their stream as this call's, says what is missing, sends the tracks. */
  private async attachLocalMedia(gen: number): Promise<void> {
    const media = await this.media!;
    if (gen !== this.generation || !this.pc) {
      stopStream(media.stream);
      return;
    }
    this.localStream = media.stream;
    this.emit({ mediaNotice: media.notice, hasLocalVideo: media.hasVideo });
    await this.sendLocalTracks();
  }

  /** Puts our tracks on the current senders (again after the polite side took the partner's call). */
  private async sendLocalTracks(): Promise<void> {
    const pc = this.pc;
    const tracks = this.localStream?.getTracks() ?? [];
    if (!pc || !tracks.length) return;
    try {
      await Promise.all(tracks.map((track) => this.senders.get(track.kind)?.sender.replaceTrack(track)));
    } catch {
      if (pc === this.pc) this.finish({ type: 'failed' }, true);
    }
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

  /** Runs async work on `pc`; a failure ends the call with a message, unless `pc` is no longer this call's. */
  private async guarded(pc: PeerConnectionLike, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch {
      if (pc === this.pc) this.finish({ type: 'failed' }, true);
    }
  }

  private finish(event: CallEvent, notifyPartner: boolean): void {
    if (transition(this.state, event) === this.state) return;
    if (notifyPartner) this.deps.signaling.end();
    this.cleanup();
    this.apply(event);
  }

  /** Closes the connection (and forgets its senders and queued candidates); media and timers stay. */
  private releasePeer(): void {
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
    this.senders = new Map();
  }

  /** The seed's cleanup table: pc.close(), every track stopped, queues and timers cleared. */
  private cleanup(): void {
    this.generation++;
    this.calls.finish();
    this.clearGuard();
    this.quality.stop();
    this.watchdog.stop();
    this.releasePeer();
    stopStream(this.localStream);
    stopStream(this.remoteStream);
    this.localStream = null;
    this.remoteStream = null;
    this.media = null;
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
