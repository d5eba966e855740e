import { beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { eventually } from '../../../../test/support/eventually.js';
import type { BucketStore } from './bucket-store.port.js';

export interface BucketStoreSubject {
  store: BucketStore;
  /** Records still held: `record` or `record (no TTL)`. */
  leftovers(): Promise<string[]>;
}

/** One behaviour for every BucketStore implementation. */
export function bucketStoreContract(name: string, makeSubject: () => BucketStoreSubject | Promise<BucketStoreSubject>): void {
  describe(`BucketStore contract: ${name}`, () => {
    let subject: BucketStoreSubject;
    beforeEach(async () => {
      subject = await makeSubject();
    });

    it('gives back what a guest saved, and nothing for another guest', async () => {
      const guest = randomUUID();
      const buckets = { chat: { tokens: 0.25, at: 1_700_000_000_123 }, ice: { tokens: 49, at: 1_700_000_000_456 } };
      await subject.store.save(guest, buckets, 60_000);
      expect(await subject.store.load(guest)).toEqual(buckets);
      expect(await subject.store.load(randomUUID())).toBeNull();
    });

    it('keeps the latest save only', async () => {
      const guest = randomUUID();
      await subject.store.save(guest, { chat: { tokens: 3, at: 1 } }, 60_000);
      await subject.store.save(guest, { chat: { tokens: 1, at: 2 } }, 60_000);
      expect(await subject.store.load(guest)).toEqual({ chat: { tokens: 1, at: 2 } });
    });

    it('forgets a record after its TTL, and keeps none without one', async () => {
      const guest = randomUUID();
      await subject.store.save(guest, { chat: { tokens: 0, at: Date.now() } }, 150);
      expect(await subject.leftovers()).toEqual(['record']);
      await eventually(async () => expect(await subject.store.load(guest)).toBeNull(), 3_000);
      await eventually(async () => expect(await subject.leftovers()).toEqual([]), 3_000);
    });
  });
}
