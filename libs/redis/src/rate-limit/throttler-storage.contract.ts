import { beforeEach, describe, expect, it } from '@jest/globals';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { randomUUID } from 'node:crypto';

export interface ThrottlerStorageSubject {
  storage: ThrottlerStorage;
  /** Tracked keys still held, each as `<kind> (ttl)` or `<kind> (no TTL)`; for leak checks. */
  leftovers(): Promise<string[]>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One behaviour for every ThrottlerStorage implementation (fixed window, block past the limit). */
export function throttlerStorageContract(name: string, makeSubject: () => ThrottlerStorageSubject | Promise<ThrottlerStorageSubject>): void {
  describe(`ThrottlerStorage contract: ${name}`, () => {
    let storage: ThrottlerStorage;
    let subject: ThrottlerStorageSubject;
    let key: string;

    beforeEach(async () => {
      subject = await makeSubject();
      storage = subject.storage;
      key = randomUUID();
    });

    it('counts the hits of a key within its window', async () => {
      for (let hit = 1; hit <= 3; hit++) {
        const record = await storage.increment(key, 60_000, 5, 60_000, 'test');
        expect(record).toEqual({ totalHits: hit, timeToExpire: expect.any(Number), isBlocked: false, timeToBlockExpire: 0 });
        expect(record.timeToExpire).toBeGreaterThan(55);
        expect(record.timeToExpire).toBeLessThanOrEqual(60);
      }
    });

    it('allows the limit, then blocks for the block duration, and keeps refusing while blocked', async () => {
      for (let hit = 1; hit <= 3; hit++) expect((await storage.increment(key, 60_000, 3, 30_000, 'test')).isBlocked).toBe(false);
      const refused = await storage.increment(key, 60_000, 3, 30_000, 'test');
      expect(refused.isBlocked).toBe(true);
      expect(refused.timeToBlockExpire).toBeGreaterThan(25);
      expect(refused.timeToBlockExpire).toBeLessThanOrEqual(30);
      const again = await storage.increment(key, 60_000, 3, 30_000, 'test');
      expect(again.isBlocked).toBe(true);
      expect(again.timeToBlockExpire).toBeLessThanOrEqual(refused.timeToBlockExpire);
    });

    it('starts a new window once the block is over', async () => {
      await storage.increment(key, 200, 1, 200, 'test');
      expect((await storage.increment(key, 200, 1, 200, 'test')).isBlocked).toBe(true);
      await sleep(350);
      expect(await storage.increment(key, 200, 1, 200, 'test')).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('starts a new window when the old one expires', async () => {
      await storage.increment(key, 200, 5, 1_000, 'test');
      await storage.increment(key, 200, 5, 1_000, 'test');
      await sleep(350);
      expect(await storage.increment(key, 200, 5, 1_000, 'test')).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('keeps keys and throttler names apart', async () => {
      await storage.increment(key, 60_000, 1, 60_000, 'a');
      expect((await storage.increment(key, 60_000, 1, 60_000, 'a')).isBlocked).toBe(true);
      expect(await storage.increment(key, 60_000, 1, 60_000, 'b')).toMatchObject({ totalHits: 1, isBlocked: false });
      expect(await storage.increment(randomUUID(), 60_000, 1, 60_000, 'a')).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('lets exactly the limit through when many hits race', async () => {
      const records = await Promise.all(Array.from({ length: 60 }, () => storage.increment(key, 60_000, 10, 60_000, 'race')));
      expect(records.filter((record) => !record.isBlocked)).toHaveLength(10);
      expect(records.filter((record) => !record.isBlocked).map((record) => record.totalHits).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('forgets a key after its window and block have passed', async () => {
      await storage.increment(key, 150, 1, 150, 'test');
      await storage.increment(key, 150, 1, 150, 'test');
      expect((await subject.leftovers()).length).toBeGreaterThan(0);
      expect(await subject.leftovers()).not.toContainEqual(expect.stringContaining('no TTL'));
      await sleep(300);
      expect(await subject.leftovers()).toEqual([]);
    });
  });
}
