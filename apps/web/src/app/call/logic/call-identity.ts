import type { CallId } from '@rendezvous/contracts';

/** How many ended calls are remembered, so a late offer or answer of one of them is recognised. */
const FINISHED_REMEMBERED = 32;

/** 128 random bits as hex; getRandomValues works outside secure contexts too (randomUUID does not). */
export function randomCallId(): CallId {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Whose call is this, and which one: the current partner (from `match:found`; relayed events carry the
 * server-set `from`) and the current call's id (ours when we dial, the partner's when we answer). Descriptions
 * without an id come from clients that predate call ids: they count as the current call, as before.
 */
export class CallIdentity {
  private partnerId: string | null = null;
  private current: CallId | null = null;
  private readonly finished: CallId[] = [];

  constructor(private readonly newId: () => CallId = randomCallId) {}

  get hasPartner(): boolean {
    return this.partnerId !== null;
  }

  setPartner(partnerId: string | null): void {
    this.partnerId = partnerId;
  }

  isCurrentPartner(from: string): boolean {
    return this.partnerId !== null && from === this.partnerId;
  }

  /** A call that has ended here (hung up, declined, timed out, replaced). */
  isFinished(callId: CallId | undefined): boolean {
    return callId !== undefined && this.finished.includes(callId);
  }

  /** Does `callId` name the current call? `strict`: a description without an id does not. */
  isCurrent(callId: CallId | undefined, { strict = false } = {}): boolean {
    return callId === undefined ? !strict : callId === this.current;
  }

  /** We call: a new id. */
  dial(): void {
    this.current = this.newId();
  }

  /** The partner calls us with `callId`. */
  ringing(callId: CallId | undefined): void {
    this.current = callId ?? null;
  }

  /** Both called at once and we take the partner's call: ours is over. */
  adopt(callId: CallId | undefined): void {
    this.finish();
    this.current = callId ?? null;
  }

  finish(): void {
    if (this.current !== null) this.finished.push(this.current);
    if (this.finished.length > FINISHED_REMEMBERED) this.finished.shift();
    this.current = null;
  }

  /** What our offers and answers carry. */
  wire(): { callId?: CallId } {
    return this.current === null ? {} : { callId: this.current };
  }
}
