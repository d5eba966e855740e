import { beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { ModerationStore, ReportPolicy } from './moderation-store.port.js';

export interface ModerationStoreSubject {
  store: ModerationStore;
  /** Records still held, each `<kind>` or `<kind> (no TTL)`; for leak checks. */
  leftovers(): Promise<string[]>;
}

const POLICY: ReportPolicy = { threshold: 3, windowMs: 60_000, banMs: 3_600_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One behaviour for every ModerationStore implementation. */
export function moderationStoreContract(name: string, makeSubject: () => ModerationStoreSubject | Promise<ModerationStoreSubject>): void {
  describe(`ModerationStore contract: ${name}`, () => {
    let store: ModerationStore;
    let subject: ModerationStoreSubject;
    const now = () => Date.now();
    const target = () => ({ guestId: randomUUID(), deviceId: `dev-${randomUUID()}`, ipHash: randomUUID().slice(0, 22) });

    beforeEach(async () => {
      subject = await makeSubject();
      store = subject.store;
    });

    it('counts distinct reporters, and bans nobody below the threshold', async () => {
      const guest = target();
      expect(await store.report(guest, 'r1', POLICY, now())).toEqual({ reports: 1, bannedUntil: null });
      expect(await store.report(guest, 'r1', POLICY, now())).toEqual({ reports: 1, bannedUntil: null });
      expect(await store.report(guest, 'r2', POLICY, now())).toEqual({ reports: 2, bannedUntil: null });
      expect(await store.bannedUntil(guest, now())).toBeNull();
    });

    it('bans the guest, its device and its IP hash at the threshold, for the ban duration', async () => {
      const guest = target();
      const t = now();
      await store.report(guest, 'r1', POLICY, t);
      await store.report(guest, 'r2', POLICY, t);
      const outcome = await store.report(guest, 'r3', POLICY, t);
      expect(outcome).toEqual({ reports: 3, bannedUntil: t + POLICY.banMs });
      expect(await store.bannedUntil({ guestId: guest.guestId }, t)).toBe(t + POLICY.banMs);
      expect(await store.bannedUntil({ deviceId: guest.deviceId }, t)).toBe(t + POLICY.banMs);
      expect(await store.bannedUntil({ ipHash: guest.ipHash }, t)).toBe(t + POLICY.banMs);
      expect(await store.bannedUntil({ guestId: randomUUID(), deviceId: guest.deviceId, ipHash: 'other' }, t)).toBe(t + POLICY.banMs);
      expect(await store.bannedUntil(target(), t)).toBeNull();
      expect(await store.bannedUntil({}, t)).toBeNull();
    });

    it('looks several subjects up at once, each answered as alone, in order', async () => {
      const banned = target();
      const t = now();
      for (const reporter of ['r1', 'r2', 'r3']) await store.report(banned, reporter, POLICY, t);
      const results = await store.bannedUntilMany([target(), { deviceId: banned.deviceId }, {}, { guestId: randomUUID(), ipHash: banned.ipHash }, target()], t);
      expect(results).toEqual([null, t + POLICY.banMs, null, t + POLICY.banMs, null]);
      expect(await store.bannedUntilMany([], t)).toEqual([]);
    });

    it('adds up reports of one device across its guest sessions, but not of one IP', async () => {
      const device = `dev-${randomUUID()}`;
      const ipHash = 'shared-nat';
      await store.report({ guestId: randomUUID(), deviceId: device, ipHash }, 'r1', POLICY, now());
      await store.report({ guestId: randomUUID(), deviceId: device, ipHash }, 'r2', POLICY, now());
      expect((await store.report({ guestId: randomUUID(), deviceId: null, ipHash }, 'r3', POLICY, now())).bannedUntil).toBeNull();
      expect((await store.report({ guestId: randomUUID(), deviceId: device, ipHash }, 'r4', POLICY, now())).bannedUntil).not.toBeNull();
    });

    it('forgets reports older than the window', async () => {
      const guest = target();
      const policy = { ...POLICY, threshold: 2, windowMs: 200 };
      await store.report(guest, 'r1', policy, now());
      await sleep(300);
      expect(await store.report(guest, 'r2', policy, now())).toEqual({ reports: 1, bannedUntil: null });
    });

    it('lifts a ban when it expires, and leaves no record without a TTL', async () => {
      const guest = target();
      const policy = { ...POLICY, threshold: 1, banMs: 200 };
      expect((await store.report(guest, 'r1', policy, now())).bannedUntil).not.toBeNull();
      expect(await store.bannedUntil(guest, now())).not.toBeNull();
      expect((await subject.leftovers()).filter((kind) => kind.endsWith('(no TTL)'))).toEqual([]);
      await sleep(300);
      expect(await store.bannedUntil(guest, now())).toBeNull();
      expect(await subject.leftovers()).toEqual([]);
    });

    it('bans a guest without a device or IP by its guest id alone', async () => {
      const guest = { guestId: randomUUID(), deviceId: null, ipHash: null };
      expect((await store.report(guest, 'r1', { ...POLICY, threshold: 1 }, now())).bannedUntil).not.toBeNull();
      expect(await store.bannedUntil({ guestId: guest.guestId }, now())).not.toBeNull();
    });
  });
}
