import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { GuestUser } from '@rendezvous/contracts';
import { SessionStore } from './session-store.port.js';

interface Entry {
  guest: GuestUser;
  expiresAt: number;
}

/** Embedded-mode store: a map with the same TTL semantics as the Redis one. */
@Injectable()
export class InMemorySessionStore extends SessionStore implements OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper = setInterval(() => this.evictExpired(), 30_000).unref();

  async create(guest: GuestUser, ttlSeconds: number): Promise<void> {
    this.entries.set(guest.id, { guest: structuredClone(guest), expiresAt: Date.now() + ttlSeconds * 1000 });
  }

  async get(guestId: string): Promise<GuestUser | null> {
    const entry = this.live(guestId);
    return entry ? structuredClone(entry.guest) : null;
  }

  async update(guestId: string, patch: Partial<Omit<GuestUser, 'id'>>): Promise<GuestUser | null> {
    const entry = this.live(guestId);
    if (!entry) return null;
    entry.guest = { ...entry.guest, ...structuredClone(patch) };
    return structuredClone(entry.guest);
  }

  async patch(guestId: string, patch: Partial<Omit<GuestUser, 'id'>>): Promise<boolean> {
    return (await this.update(guestId, patch)) !== null;
  }

  async touch(guestId: string, ttlSeconds: number): Promise<boolean> {
    const entry = this.live(guestId);
    if (!entry) return false;
    entry.expiresAt = Date.now() + ttlSeconds * 1000;
    return true;
  }

  async delete(guestId: string): Promise<boolean> {
    const existed = this.live(guestId) !== undefined;
    this.entries.delete(guestId);
    return existed;
  }

  async ttl(guestId: string): Promise<number | null> {
    const entry = this.live(guestId);
    return entry ? Math.ceil((entry.expiresAt - Date.now()) / 1000) : null;
  }

  /** Number of live records; for leak checks. */
  size(): number {
    this.evictExpired();
    return this.entries.size;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private live(guestId: string): Entry | undefined {
    const entry = this.entries.get(guestId);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(guestId);
      return undefined;
    }
    return entry;
  }

  private evictExpired(): void {
    const now = Date.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
