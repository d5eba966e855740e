/** A guest waiting to be matched. */
export interface QueueEntry {
  guestId: string;
  username: string;
  deviceId: string | null;
  /** Lower-case tags; empty means "anyone". */
  interests: string[];
  /** Epoch ms; orders the queue (FIFO). */
  joinedAt: number;
  /** Gateway the guest is connected through; its death drops the entry. */
  gatewayId: string;
}

/** Where a join comes from. */
export interface JoinOrigin {
  /** The bus request carrying it: a redelivery of it changes nothing (see MatchQueue). */
  requestId?: string;
  /**
   * The socket it came from: the join goes through only while that is the guest's open socket, and
   * records it when the record is missing (the store lost it since the connect). Without it, the guest
   * must have an open socket recorded (PresenceRegistry.attach).
   */
  socketId?: string;
}

/** Two guests just paired; `initiator` makes the first offer (the impolite peer). */
export interface Pairing {
  pairId: string;
  initiator: QueueEntry;
  other: QueueEntry;
}

/**
 * What a join did: the new pairing, null when the guest was queued, 'paired' when it already had a
 * partner, 'gone' when its socket had closed meanwhile (never queued: nobody would be there), and
 * 'duplicate' when this very request was applied before (a redelivery: nothing changed, nothing to tell).
 */
export type JoinResult = Pairing | null | 'paired' | 'gone' | 'duplicate';

/** What ending a pairing did: the pair ended, null when there was none, 'duplicate' when this request already ended it. */
export type EndResult = EndedPair | null | 'duplicate';

/** A live pairing seen from one of its guests. */
export interface PairView {
  pairId: string;
  partnerId: string;
  partnerUsername: string;
  /** Whether the guest asking is the pair's initiator. */
  initiator: boolean;
}

/** Both sides of a pairing that was just ended. */
export interface EndedPair {
  pairId: string;
  guestIds: [string, string];
}

export interface MatchRules {
  now: number;
  /** How long a guest with interests waits for a shared tag before anyone will do. */
  fallbackMs: number;
  /** Lifetime of the pair keys. */
  pairTtlMs: number;
}
