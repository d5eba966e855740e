import type { EndResult, EndedPair, JoinOrigin, JoinResult, MatchRules, PairView, Pairing, QueueEntry } from './queue-entry.js';

/**
 * The waiting queue and the pairings. Every method is atomic: a guest is never in two pairs,
 * never twice in the queue, never both queued and paired. Only guests with a live socket (see
 * PresenceRegistry.attach) on a live gateway are queued or handed out.
 *
 * Who pairs with whom: a joiner takes the oldest waiting guest that shares one of its interests; when
 * none does and anyone will do for it (it has no interests), the oldest "ready" guest — one without
 * interests, or one whose interests found nobody within `fallbackMs` (the sweep makes it ready). Never
 * the same guest or device, never two guests avoiding or blocking each other. A step looks only at the
 * oldest few per interest (ProbeLimits), so its cost does not grow with the queue.
 *
 * Requests arrive at least once (the bus redelivers what a dying replica held), so join, endPair and
 * blockPair take the id of the request they serve: the guest's last request id of each kind is kept
 * (for REQUEST_RECORD_TTL_MS), and a request whose id is already there changes nothing and says
 * 'duplicate' — checked in the same atomic step as the change, so no crash can let it apply twice.
 */
export abstract class MatchQueue {
  /**
   * Pairs the guest with a waiting guest (see above), or queues it. Returns the pairing,
   * null when queued, or (changing nothing) 'paired' when the guest already has a partner, 'gone' when
   * it has no open socket (or the join's socket is closed or replaced), 'duplicate' when its request id was
   * applied before.
   */
  async join(entry: QueueEntry, rules: MatchRules, origin?: JoinOrigin): Promise<JoinResult> {
    return (await this.joinMany([entry], rules, [origin]))[0];
  }
  /**
   * Several joins, exactly as if joined one after the other in this order (a joiner may pair with one
   * queued earlier in the same batch), each atomic, in as few steps as keep every step short
   * (ProbeLimits.joinsPerScript); one result per entry, as join's.
   */
  abstract joinMany(entries: readonly QueueEntry[], rules: MatchRules, origins?: ReadonlyArray<JoinOrigin | undefined>): Promise<JoinResult[]>;
  /** Removes the guest from the queue; true when it was there. */
  abstract leave(guestId: string): Promise<boolean>;
  /**
   * One bounded step of the periodic work: guests whose interests found nobody within the fallback become
   * ready (paired with a ready guest when one may be), a moving window of ready guests tries again (an
   * avoidance may have run out), expired records go. Returns the pairings it made.
   */
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
}
