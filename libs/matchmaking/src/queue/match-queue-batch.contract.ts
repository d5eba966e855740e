import { beforeEach, describe, expect, it } from '@jest/globals';
import type { MatchQueueSubject } from './match-queue.contract.js';
import type { MatchQueue } from './match-queue.port.js';
import { partnerOf, QueueScene } from './queue-scene.js';

const FALLBACK_MS = 10_000;
const LONG_TTL_MS = 60_000;

/** Joins in batches (a gateway sends the joins of one event-loop turn together): part of the MatchQueue contract. */
export function matchQueueBatchContract(name: string, makeSubject: () => MatchQueueSubject | Promise<MatchQueueSubject>): void {
  describe(`MatchQueue contract, batched joins: ${name}`, () => {
    let queue: MatchQueue;
    let subject: MatchQueueSubject;
    let scene: QueueScene;

    beforeEach(async () => {
      ({ subject, queue, scene } = await QueueScene.forSubject(makeSubject, FALLBACK_MS, LONG_TTL_MS));
    });

    it('pairs a batch in arrival order, a joiner with one queued earlier in the same batch', async () => {
      const [a, b, c, d] = [scene.guest(), scene.guest(), scene.guest(), scene.guest()];
      const results = await scene.joinAll([a, b, c, d]);
      expect(results.map(partnerOf)).toEqual([null, a.guestId, null, c.guestId]);
      expect(results[1]).toMatchObject({ initiator: b, other: a });
      expect(results[3]).toMatchObject({ initiator: d, other: c });
      expect((await queue.pairOf(a.guestId))?.partnerId).toBe(b.guestId);
      expect((await queue.pairOf(c.guestId))?.partnerId).toBe(d.guestId);
      expect(await queue.size()).toBe(0);
    });

    it('decides each join as if it were alone: interests, the guests already waiting, and blocks all count', async () => {
      const cats = scene.guest({ interests: ['cats'] });
      expect(await scene.join(cats)).toBeNull();
      const [x, y] = [scene.guest(), scene.guest()];
      expect(await scene.join(x)).toBeNull();
      expect(partnerOf(await scene.join(y))).toBe(x.guestId);
      expect(await queue.blockPair(x.guestId, LONG_TTL_MS)).not.toBeNull();

      const dogs = scene.guest({ interests: ['dogs'] });
      const catLover = scene.guest({ interests: ['cats'] });
      const anyone = scene.guest();
      const dogLover = scene.guest({ interests: ['dogs'] });
      const results = await scene.joinAll([dogs, catLover, scene.again(x), anyone, scene.again(y), dogLover]);
      // dogs waits (no one shares a tag yet); catLover meets cats; x waits; anyone cannot take a guest
      // still waiting for a shared tag, so pairs with x; y is kept from x by the block and waits; dogLover meets dogs
      expect(results.map(partnerOf)).toEqual([null, cats.guestId, null, x.guestId, null, dogs.guestId]);
      expect(await queue.isQueued(y.guestId)).toBe(true);
      expect(await queue.size()).toBe(1);
    });

    it("answers 'paired' for a guest that has a partner and changes nothing; a guest twice in a batch waits once", async () => {
      const [a, b, c] = [scene.guest(), scene.guest(), scene.guest()];
      await scene.joinAll([a, b]);
      const results = await scene.joinAll([scene.again(a), c, scene.again(c)]);
      expect(results).toEqual(['paired', null, null]);
      expect((await queue.pairOf(a.guestId))?.partnerId).toBe(b.guestId);
      expect(await queue.size()).toBe(1);
      expect(await queue.isQueued(c.guestId)).toBe(true);
    });

    it('does nothing for an empty batch', async () => {
      expect(await scene.joinAll([])).toEqual([]);
      expect(await subject.leftovers()).toEqual([]);
    });
  });
}
