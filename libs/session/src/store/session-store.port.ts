import type { GuestUser } from '@rendezvous/contracts';

/** Where guest sessions live; every record expires after its TTL unless touched. */
export abstract class SessionStore {
  abstract create(guest: GuestUser, ttlSeconds: number): Promise<void>;
  abstract get(guestId: string): Promise<GuestUser | null>;
  /** Changes some fields of a live record, keeping its TTL; returns null (and creates nothing) when it is gone. */
  abstract update(guestId: string, patch: Partial<Omit<GuestUser, 'id'>>): Promise<GuestUser | null>;
  /** As update, without reading the record back (matchmaking's mirror, on every match): false when it is gone. */
  abstract patch(guestId: string, patch: Partial<Omit<GuestUser, 'id'>>): Promise<boolean>;
  /** Restarts the TTL; false when the record is gone. */
  abstract touch(guestId: string, ttlSeconds: number): Promise<boolean>;
  abstract delete(guestId: string): Promise<boolean>;
  /** Remaining life in seconds, or null when gone. */
  abstract ttl(guestId: string): Promise<number | null>;
}
