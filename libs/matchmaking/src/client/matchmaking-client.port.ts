import type { PresenceStats, ReportReason } from '@rendezvous/contracts';
import type { ConnectionRequest, JoinRequest } from '../matchmaking.requests.js';

/** How gateways (and the session service) talk to matchmaking. */
export abstract class MatchmakingClient {
  abstract join(request: JoinRequest): Promise<void>;
  abstract leave(guestId: string): Promise<void>;
  abstract next(request: JoinRequest): Promise<void>;
  abstract connected(request: ConnectionRequest): Promise<void>;
  abstract disconnected(request: ConnectionRequest): Promise<void>;
  abstract sessionEnded(guestId: string): Promise<void>;
  /** Reports the guest's partner: ends the pairing, blocks them for good, counts towards a ban. */
  abstract report(guestId: string, reason: ReportReason): Promise<void>;
  /** Blocks the guest's partner: ends the pairing and never matches them again. */
  abstract block(guestId: string): Promise<void>;
  abstract stats(): Promise<PresenceStats>;
  /** Resolves when the matchmaking service answers (readiness). */
  abstract ping(): Promise<void>;
}
