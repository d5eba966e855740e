import { beforeEach, describe, expect, it } from '@jest/globals';
import type { MatchQueueSubject } from './match-queue.contract.js';
import type { MatchQueue } from './match-queue.port.js';
import { QueueScene } from './queue-scene.js';
import type { Pairing, QueueEntry } from './queue-entry.js';

const FALLBACK_MS = 10_000;
const LONG_TTL_MS = 60_000;
const BLOCK_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Blocks (report / block): part of the MatchQueue contract, for every implementation. */
export function matchQueueBlockContract(name: string, makeSubject: () => MatchQueueSubject | Promise<MatchQueueSubject>): void {
  describe(`MatchQueue contract, blocks: ${name}`, () => {
    let queue: MatchQueue;
    let subject: MatchQueueSubject;
    let scene: QueueScene;

    beforeEach(async () => {
      ({ subject, queue, scene } = await QueueScene.forSubject(makeSubject, FALLBACK_MS, LONG_TTL_MS));
    });

    async function paired(a: QueueEntry, b: QueueEntry): Promise<Pairing> {
      expect(await scene.join(a)).toBeNull();
      const pairing = await scene.join(b);
      if (pairing === null || typeof pairing !== 'object') throw new Error('expected a pairing');
      return pairing;
    }

    it('ends the pairing for both sides and returns it', async () => {
      const a = scene.guest();
      const b = scene.guest();
      const pairing = await paired(a, b);
      const ended = await queue.blockPair(a.guestId, BLOCK_MS);
      expect(ended?.pairId).toBe(pairing.pairId);
      expect(ended?.guestIds.slice().sort()).toEqual([a.guestId, b.guestId].sort());
      expect(await queue.pairOf(a.guestId)).toBeNull();
      expect(await queue.pairOf(b.guestId)).toBeNull();
      expect(await queue.blockPair(b.guestId, BLOCK_MS)).toBeNull();
    });

    it('blocks nothing for a guest without a partner', async () => {
      const a = scene.guest();
      const b = scene.guest();
      expect(await queue.blockPair(a.guestId, BLOCK_MS)).toBeNull();
      expect(await paired(a, b)).toMatchObject({ initiator: b, other: a });
    });

    it('never pairs the two again, whoever searches first, while a third guest is paired at once', async () => {
      const a = scene.guest();
      const b = scene.guest();
      await paired(a, b);
      await queue.blockPair(b.guestId, BLOCK_MS);
      expect(await scene.join(scene.again(a))).toBeNull();
      expect(await scene.join(scene.again(b))).toBeNull();
      expect(await queue.size()).toBe(2);
      const c = scene.guest();
      expect(await scene.join(c)).toMatchObject({ initiator: c, other: { guestId: a.guestId } });
      expect(await queue.isQueued(b.guestId)).toBe(true);
    });

    it('keeps the blocked device away from the blocker under a new guest id, and the blocker\'s device too', async () => {
      const a = scene.guest();
      const b = scene.guest();
      await paired(a, b);
      await queue.blockPair(a.guestId, BLOCK_MS);
      const bNewSession = scene.guest({ deviceId: b.deviceId });
      expect(await scene.join(scene.again(a))).toBeNull();
      expect(await scene.join(bNewSession)).toBeNull();
      await queue.leave(a.guestId);
      const aNewSession = scene.guest({ deviceId: a.deviceId });
      expect(await scene.join(aNewSession)).toBeNull();
      expect(await queue.size()).toBe(2);
    });

    it('honours blocks in the sweep, even for a shared interest after the fallback', async () => {
      const a = scene.guest({ interests: ['chess'] });
      const tag = scene.guest({ interests: ['chess'] });
      await paired(a, tag);
      await queue.blockPair(a.guestId, BLOCK_MS);
      expect(await scene.join(scene.again(a))).toBeNull();
      expect(await scene.join(scene.again(tag))).toBeNull();
      expect(await queue.sweep(scene.rules(scene.clock + FALLBACK_MS))).toEqual([]);
      const b = scene.guest({ interests: ['music'] });
      expect(await scene.join(b)).toBeNull();
      const pairings = await queue.sweep(scene.rules(scene.clock + FALLBACK_MS));
      expect(pairings).toHaveLength(1);
      expect([pairings[0].initiator.guestId, pairings[0].other.guestId]).toContain(b.guestId);
      expect(await queue.size()).toBe(1);
    });

    it('lets the two meet again once the block expires, and leaves nothing behind', async () => {
      const a = scene.guest();
      const b = scene.guest();
      await paired(a, b);
      await queue.blockPair(a.guestId, 200);
      expect(await subject.leftovers()).toContain('block');
      expect(await subject.leftovers()).not.toContain('block (no TTL)');
      await sleep(300);
      expect(await scene.join(scene.again(a))).toBeNull();
      expect(await scene.join(scene.again(b))).toMatchObject({ other: { guestId: a.guestId } });
      await queue.endPair(a.guestId, 0);
      expect(await subject.leftovers()).toEqual([]);
    });
  });
}
