import { beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { ModerationStore, Reporter, ReportPolicy } from './moderation-store.port.js';

export interface ModerationStoreSubject {
  store: ModerationStore;
  /** Records still held, each `<kind>` or `<kind> (no TTL)`; for leak checks. */
  leftovers(): Promise<string[]>;
}

const POLICY: ReportPolicy = { threshold: 3, windowMs: 60_000, banMs: 3_600_000, addressBanMs: 600_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A reporter of a network and device of its own, weighing `weight`. */
const reporter = (weight = 1, overrides: Partial<Reporter> = {}): Reporter => ({ network: `net-${randomUUID()}`, deviceId: `dev-${randomUUID()}`, weight, ...overrides });

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
      const r1 = reporter();
      expect(await store.report(guest, r1, POLICY, now())).toEqual({ reports: 1, bannedUntil: null, addressBannedUntil: null });
      expect(await store.report(guest, r1, POLICY, now())).toEqual({ reports: 1, bannedUntil: null, addressBannedUntil: null });
      expect(await store.report(guest, reporter(), POLICY, now())).toMatchObject({ reports: 2, bannedUntil: null });
      expect(await store.bannedUntil(guest, now())).toBeNull();
    });

    it('counts a network once and a device once, whatever else the reporter changes', async () => {
      const guest = target();
      const first = reporter();
      await store.report(guest, first, POLICY, now());
      expect((await store.report(guest, reporter(1, { network: first.network }), POLICY, now())).reports).toBe(1);
      expect((await store.report(guest, reporter(1, { deviceId: first.deviceId }), POLICY, now())).reports).toBe(1);
      expect((await store.report(guest, reporter(1, { deviceId: null }), POLICY, now())).reports).toBe(2);
      expect((await store.report(guest, reporter(1, { deviceId: null }), POLICY, now())).reports).toBe(3);
    });

    it('adds reports up by weight: light reports need more reporters', async () => {
      const guest = target();
      for (let i = 0; i < 5; i++) expect((await store.report(guest, reporter(0.5), POLICY, now())).bannedUntil).toBeNull();
      const sixth = await store.report(guest, reporter(0.5), POLICY, now());
      expect(sixth.reports).toBe(3);
      expect(sixth.bannedUntil).not.toBeNull();
    });

    it('bans the guest and its device at the threshold, not its address, and tells the reported weight', async () => {
      const guest = target();
      const t = now();
      await store.report(guest, reporter(), POLICY, t);
      await store.report(guest, reporter(), POLICY, t);
      expect(await store.reportedWeight(guest, POLICY.windowMs, t)).toBe(2);
      expect(await store.reportedWeight({ deviceId: guest.deviceId }, POLICY.windowMs, t)).toBe(2);
      expect(await store.reportedWeight(target(), POLICY.windowMs, t)).toBe(0);
      const outcome = await store.report(guest, reporter(), POLICY, t);
      expect(outcome).toEqual({ reports: 3, bannedUntil: t + POLICY.banMs, addressBannedUntil: null });
      expect(await store.bannedUntil({ guestId: guest.guestId }, t)).toBe(t + POLICY.banMs);
      expect(await store.bannedUntil({ deviceId: guest.deviceId }, t)).toBe(t + POLICY.banMs);
      expect(await store.bannedUntil({ ipHash: guest.ipHash }, t)).toBeNull();
      expect(await store.bannedUntil({ guestId: randomUUID(), deviceId: guest.deviceId, ipHash: 'other' }, t)).toBe(t + POLICY.banMs);
      expect(await store.bannedUntil(target(), t)).toBeNull();
      expect(await store.bannedUntil({}, t)).toBeNull();
    });

    it('bans an address only when a second device from it is banned within the window, and only briefly', async () => {
      const t = now();
      const first = target();
      const second = { ...target(), ipHash: first.ipHash };
      for (let i = 0; i < 3; i++) await store.report(first, reporter(), POLICY, t);
      expect(await store.bannedUntil({ ipHash: first.ipHash }, t)).toBeNull();
      let outcome = await store.report(second, reporter(), POLICY, t);
      for (let i = 0; i < 2; i++) outcome = await store.report(second, reporter(), POLICY, t);
      expect(outcome).toEqual({ reports: 3, bannedUntil: t + POLICY.banMs, addressBannedUntil: t + POLICY.addressBanMs });
      expect(await store.bannedUntil({ ipHash: first.ipHash }, t)).toBe(t + POLICY.addressBanMs);
      expect(await store.bannedUntil({ ipHash: first.ipHash }, t + POLICY.addressBanMs)).toBeNull();
    });

    it('looks several subjects up at once, each answered as alone, in order', async () => {
      const banned = target();
      const t = now();
      for (let i = 0; i < 3; i++) await store.report(banned, reporter(), POLICY, t);
      const results = await store.bannedUntilMany([target(), { deviceId: banned.deviceId }, {}, { guestId: banned.guestId, ipHash: 'x' }, target()], t);
      expect(results).toEqual([null, t + POLICY.banMs, null, t + POLICY.banMs, null]);
      expect(await store.bannedUntilMany([], t)).toEqual([]);
    });

    it('adds up reports of one device across its guest sessions, but not of one IP', async () => {
      const device = `dev-${randomUUID()}`;
      const ipHash = 'shared-nat';
      await store.report({ guestId: randomUUID(), deviceId: device, ipHash }, reporter(), POLICY, now());
      await store.report({ guestId: randomUUID(), deviceId: device, ipHash }, reporter(), POLICY, now());
      expect((await store.report({ guestId: randomUUID(), deviceId: null, ipHash }, reporter(), POLICY, now())).bannedUntil).toBeNull();
      expect((await store.report({ guestId: randomUUID(), deviceId: device, ipHash }, reporter(), POLICY, now())).bannedUntil).not.toBeNull();
    });

    it('forgets reports older than the window', async () => {
      const guest = target();
      const policy = { ...POLICY, threshold: 2, windowMs: 200 };
      await store.report(guest, reporter(), policy, now());
      await sleep(300);
      expect(await store.report(guest, reporter(), policy, now())).toMatchObject({ reports: 1, bannedUntil: null });
    });

    it('lifts a ban when it expires, and leaves no record without a TTL', async () => {
      const guest = target();
      const policy = { ...POLICY, threshold: 1, banMs: 200, windowMs: 200 };
      expect((await store.report(guest, reporter(), policy, now())).bannedUntil).not.toBeNull();
      expect(await store.bannedUntil(guest, now())).not.toBeNull();
      expect((await subject.leftovers()).filter((kind) => kind.endsWith('(no TTL)'))).toEqual([]);
      await sleep(300);
      expect(await store.bannedUntil(guest, now())).toBeNull();
      expect(await subject.leftovers()).toEqual([]);
    });

    it('bans a guest without a device or IP by its guest id alone', async () => {
      const guest = { guestId: randomUUID(), deviceId: null, ipHash: null };
      expect((await store.report(guest, reporter(), { ...POLICY, threshold: 1 }, now())).bannedUntil).not.toBeNull();
      expect(await store.bannedUntil({ guestId: guest.guestId }, now())).not.toBeNull();
    });
  });
}
