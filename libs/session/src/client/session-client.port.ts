import type { GuestUser } from '@rendezvous/contracts';

/** How a gateway talks to the session service (in-process in embedded mode, over the bus otherwise). */
export abstract class SessionClient {
  /** The guest a token belongs to; DomainError UNAUTHORIZED / TOKEN_EXPIRED otherwise. */
  abstract authenticate(token: string): Promise<GuestUser>;
  /** Slides the TTL of guests that were active. */
  abstract touch(guestIds: string[]): Promise<void>;
  /** Resolves when the session service answers (readiness). */
  abstract ping(): Promise<void>;
}
