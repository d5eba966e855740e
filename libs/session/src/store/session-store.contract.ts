import { describe, expect, it, beforeEach } from '@jest/globals';
import type { GuestUser } from '@rendezvous/contracts';
import { randomUUID } from 'node:crypto';
import type { SessionStore } from './session-store.port.js';

export function guestFixture(overrides: Partial<GuestUser> = {}): GuestUser {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    username: 'Swift Otter 42',
    isOnline: false,
    lastSeen: now,
    socketId: null,
    connectedUser: null,
    deviceId: 'device-1',
    isSearching: false,
    interests: ['music', 'go'],
    location: { country: 'NL' },
    ipHash: 'abc',
    sessionId: randomUUID(),
    createdAt: now,
    connectedAt: null,
    ...overrides,
  };
}

/** One behaviour for every SessionStore implementation. */
export function sessionStoreContract(name: string, makeStore: () => SessionStore): void {
  describe(`SessionStore contract: ${name}`, () => {
    let store: SessionStore;
    beforeEach(() => {
      store = makeStore();
    });

    it('returns a created guest exactly as stored', async () => {
      const guest = guestFixture();
      await store.create(guest, 60);
      expect(await store.get(guest.id)).toEqual(guest);
    });

    it('returns null for an unknown guest', async () => {
      expect(await store.get(randomUUID())).toBeNull();
    });

    it('updates some fields and keeps the others', async () => {
      const guest = guestFixture();
      await store.create(guest, 60);
      const updated = await store.update(guest.id, { connectedUser: 'partner', isSearching: true, interests: [] });
      expect(updated).toEqual({ ...guest, connectedUser: 'partner', isSearching: true, interests: [] });
      expect(await store.get(guest.id)).toEqual(updated);
    });

    it('patches some fields without reading the record back, and never resurrects a missing guest', async () => {
      const guest = guestFixture();
      await store.create(guest, 60);
      expect(await store.patch(guest.id, { connectedUser: 'partner', isSearching: false, connectedAt: '2026-01-01T00:00:00.000Z' })).toBe(true);
      expect(await store.get(guest.id)).toEqual({ ...guest, connectedUser: 'partner', isSearching: false, connectedAt: '2026-01-01T00:00:00.000Z' });
      expect(await store.ttl(guest.id)).toBeGreaterThan(50);
      const missing = randomUUID();
      expect(await store.patch(missing, { isOnline: true })).toBe(false);
      expect(await store.get(missing)).toBeNull();
    });

    it('stores null back over a value', async () => {
      const guest = guestFixture({ connectedUser: 'someone', socketId: 's1' });
      await store.create(guest, 60);
      await store.update(guest.id, { connectedUser: null, socketId: null });
      expect(await store.get(guest.id)).toMatchObject({ connectedUser: null, socketId: null });
    });

    it('never resurrects a missing guest on update', async () => {
      const id = randomUUID();
      expect(await store.update(id, { isOnline: true })).toBeNull();
      expect(await store.get(id)).toBeNull();
    });

    it('expires a guest after its TTL', async () => {
      const guest = guestFixture();
      await store.create(guest, 1);
      expect(await store.ttl(guest.id)).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(await store.get(guest.id)).toBeNull();
      expect(await store.ttl(guest.id)).toBeNull();
    });

    it('slides the TTL on touch and reports a missing guest', async () => {
      const guest = guestFixture();
      await store.create(guest, 1);
      expect(await store.touch(guest.id, 120)).toBe(true);
      expect(await store.ttl(guest.id)).toBeGreaterThan(60);
      expect(await store.touch(randomUUID(), 120)).toBe(false);
    });

    it('keeps the TTL when a field changes', async () => {
      const guest = guestFixture();
      await store.create(guest, 100);
      await store.update(guest.id, { isOnline: true });
      const ttl = await store.ttl(guest.id);
      expect(ttl).toBeGreaterThan(90);
      expect(ttl).toBeLessThanOrEqual(100);
    });

    it('deletes a guest once', async () => {
      const guest = guestFixture();
      await store.create(guest, 60);
      expect(await store.delete(guest.id)).toBe(true);
      expect(await store.delete(guest.id)).toBe(false);
      expect(await store.get(guest.id)).toBeNull();
    });
  });
}
