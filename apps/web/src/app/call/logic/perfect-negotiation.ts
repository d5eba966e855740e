import { IceCandidateQueue } from './ice-candidate-queue.js';
import type { IceCandidateInit, PeerConnectionLike, SessionDescription } from './rtc-types.js';

export interface NegotiationSignaling {
  sendOffer(offer: SessionDescription): void;
  sendAnswer(answer: SessionDescription): void;
}

export type RemoteDescriptionOutcome = 'ignored' | 'answered' | 'applied';

/**
 * The "perfect negotiation" pattern (W3C WebRTC §10.7 / MDN): both peers may offer at any
 * time; on a collision the impolite peer ignores the partner's offer and the polite peer
 * rolls its own back. `match:found.initiator` makes a peer impolite.
 */
export class PerfectNegotiation {
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswerPending = false;
  readonly candidates: IceCandidateQueue;

  constructor(
    private readonly pc: PeerConnectionLike,
    readonly polite: boolean,
    private readonly signaling: NegotiationSignaling,
    onCandidateError: (error: unknown) => void = () => undefined,
  ) {
    this.candidates = new IceCandidateQueue(
      () => this.pc.remoteDescription !== null,
      (candidate) => this.pc.addIceCandidate(candidate),
      (error) => {
        if (!this.ignoreOffer) onCandidateError(error);
      },
    );
  }

  /** Would an offer arriving now collide with one of ours? */
  get wouldCollide(): boolean {
    return this.makingOffer || (this.pc.signalingState !== 'stable' && !this.settingRemoteAnswerPending);
  }

  /** Wire to `pc.onnegotiationneeded`. */
  async onNegotiationNeeded(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const offer = this.pc.localDescription;
      if (offer && offer.type === 'offer') this.signaling.sendOffer(offer);
    } finally {
      this.makingOffer = false;
    }
  }

  /**
   * Applies an offer or answer from the partner. For an offer, `beforeAnswer` runs after the
   * remote description is set and before the answer is made (the callee adds its tracks there).
   */
  async onRemoteDescription(
    description: SessionDescription,
    beforeAnswer?: () => Promise<void>,
  ): Promise<RemoteDescriptionOutcome> {
    const isOffer = description.type === 'offer';
    const collision = isOffer && this.wouldCollide;
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return 'ignored';

    this.settingRemoteAnswerPending = description.type === 'answer';
    try {
      if (collision) await this.rollback();
      await this.pc.setRemoteDescription(description);
    } finally {
      this.settingRemoteAnswerPending = false;
    }
    await this.candidates.flush();
    if (!isOffer) return 'applied';

    if (beforeAnswer) await beforeAnswer();
    await this.pc.setLocalDescription();
    const answer = this.pc.localDescription;
    if (answer && answer.type === 'answer') this.signaling.sendAnswer(answer);
    return 'answered';
  }

  /** Remote candidates: queued until the remote description is set. */
  onRemoteCandidate(candidate: IceCandidateInit): Promise<void> {
    return this.candidates.add(candidate);
  }

  reset(): void {
    this.candidates.clear();
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.settingRemoteAnswerPending = false;
  }

  private async rollback(): Promise<void> {
    try {
      await this.pc.setLocalDescription({ type: 'rollback' });
    } catch {
      // Browsers with implicit rollback accept the offer in setRemoteDescription directly.
    }
  }
}
