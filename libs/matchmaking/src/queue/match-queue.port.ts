import type { EndResult, EndedPair, JoinResult, MatchRules, PairView, Pairing, QueueEntry } from './queue-entry.js';

/**
 * The waiting queue and the pairings. Every method is atomic: a guest is never in two pairs,
 * never twice in the queue, never both queued and paired. Only guests with a live socket (see
 * PresenceRegistry.attach) are queued or handed out.
 *
 * Requests arrive at least once (the bus redelivers what a dying replica held), so join, endPair and
 * blockPair take the id of the request they serve: the guest's last request id of each kind is kept
 * (for REQUEST_RECORD_TTL_MS), and a request whose id is already there changes nothing and says
 * 'duplicate' — checked in the same atomic step as the change, so no crash can let it apply twice.
 */
export abstract class MatchQueue {
  /**
   * Pairs the guest with the oldest compatible waiting guest, or queues it. Returns the pairing,
   * null when queued, or (changing nothing) 'paired' when the guest already has a partner, 'gone' when
   * it has no live socket, 'duplicate' when `requestId` was applied before.
   */
  async join(entry: QueueEntry, rules: MatchRules, requestId?: string): Promise<JoinResult> {
    return (await this.joinMany([entry], rules, [requestId]))[0];
  }
  /**
   * Several joins in one atomic step, exactly as if joined one after the other in this order (a joiner
   * may pair with one queued earlier in the same batch); one result per entry, as join's.
   */
  abstract joinMany(entries: readonly QueueEntry[], rules: MatchRules, requestIds?: ReadonlyArray<string | undefined>): Promise<JoinResult[]>;
  /** Removes the guest from the queue; true when it was there. */
  abstract leave(guestId: string): Promise<boolean>;
  /** Pairs waiting guests that have become compatible with time (the interest fallback). */
  abstract sweep(rules: MatchRules): Promise<Pairing[]>;
  abstract pairOf(guestId: string): Promise<PairView | null>;
  /**
   * Ends the guest's pairing for both sides; null when there was none (or another caller ended it first),
   * 'duplicate' when `requestId` already ended one (a redelivered next never ends the pair it just made).
   */
  abstract endPair(guestId: string, avoidMs: number): Promise<EndedPair | null>;
  abstract endPair(guestId: string, avoidMs: number, requestId: string | undefined): Promise<EndResult>;
  /**
   * Ends the guest's pairing for both sides (as endPair) and keeps the two from ever being paired again
   * for `blockMs` — by guest id and by device, both ways, checked atomically by every match attempt.
   */
  abstract blockPair(guestId: string, blockMs: number): Promise<EndedPair | null>;
  abstract blockPair(guestId: string, blockMs: number, requestId: string | undefined): Promise<EndResult>;
  /** Keeps the two guests from being paired again for `ms` (0 = forget). */
  abstract avoid(a: string, b: string, ms: number): Promise<void>;
  abstract isQueued(guestId: string): Promise<boolean>;
  abstract size(): Promise<number>;
  /** Pairings live at `now` (ended ones and ones past their TTL do not count). */
  abstract pairCount(now: number): Promise<number>;
  /** Drops every queue entry of a dead gateway; returns the guest ids dropped. */
  abstract dropGateway(gatewayId: string): Promise<string[]>;
}
