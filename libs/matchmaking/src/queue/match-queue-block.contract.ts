import { beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { MatchQueueSubject } from './match-queue.contract.js';
import type { MatchQueue } from './match-queue.port.js';
import type { MatchRules, Pairing, QueueEntry } from './queue-entry.js';

const FALLBACK_MS = 10_000;
const LONG_TTL_MS = 60_000;
const BLOCK_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Blocks (report / block): part of the MatchQueue contract, for every implementation. */
export function matchQueueBlockContract(name: string, makeSubject: () => MatchQueueSubject | Promise<MatchQueueSubject>): void {
  describe(`MatchQueue contract, blocks: ${name}`, () => {
    let queue: MatchQueue;
    let subject: MatchQueueSubject;
    let gateway: string;
    let clock: number;

    beforeEach(async () => {
      subject = await makeSubject();
      queue = subject.queue;
      gateway = `gw-${randomUUID()}`;
      await subject.presence.heartbeat(gateway, 1, LONG_TTL_MS);
      clock = 1_700_000_000_000;
    });

    function guest(overrides: Partial<QueueEntry> = {}): QueueEntry {
      clock += 10;
      const guestId = randomUUID();
      return { guestId, username: `Guest ${guestId.slice(0, 8)}`, deviceId: `device-${guestId}`, interests: [], joinedAt: clock, gatewayId: gateway, ...overrides };
    }

    function rules(now = clock): MatchRules {
      return { now, fallbackMs: FALLBACK_MS, pairTtlMs: LONG_TTL_MS };
    }

    /** The guest searching again, later. */
    function again(entry: QueueEntry): QueueEntry {
      clock += 10;
      return { ...entry, joinedAt: clock };
    }

    async function join(entry: QueueEntry): Promise<Pairing | null | 'paired'> {
      return queue.join(entry, rules(Math.max(clock, entry.joinedAt)));
    }

    async function paired(a: QueueEntry, b: QueueEntry): Promise<Pairing> {
      expect(await join(a)).toBeNull();
      const pairing = await join(b);
      if (pairing === null || pairing === 'paired') throw new Error('expected a pairing');
      return pairing;
    }

    it('ends the pairing for both sides and returns it', async () => {
      const a = guest();
      const b = guest();
      const pairing = await paired(a, b);
      const ended = await queue.blockPair(a.guestId, BLOCK_MS);
      expect(ended?.pairId).toBe(pairing.pairId);
      expect(ended?.guestIds.slice().sort()).toEqual([a.guestId, b.guestId].sort());
      expect(await queue.pairOf(a.guestId)).toBeNull();
      expect(await queue.pairOf(b.guestId)).toBeNull();
      expect(await queue.blockPair(b.guestId, BLOCK_MS)).toBeNull();
    });

    it('blocks nothing for a guest without a partner', async () => {
      const a = guest();
      const b = guest();
      expect(await queue.blockPair(a.guestId, BLOCK_MS)).toBeNull();
      expect(await paired(a, b)).toMatchObject({ initiator: b, other: a });
    });

    it('never pairs the two again, whoever searches first, while a third guest is paired at once', async () => {
      const a = guest();
      const b = guest();
      await paired(a, b);
      await queue.blockPair(b.guestId, BLOCK_MS);
      expect(await join(again(a))).toBeNull();
      expect(await join(again(b))).toBeNull();
      expect(await queue.size()).toBe(2);
      const c = guest();
      expect(await join(c)).toMatchObject({ initiator: c, other: { guestId: a.guestId } });
      expect(await queue.isQueued(b.guestId)).toBe(true);
    });

    it('keeps the blocked device away from the blocker under a new guest id, and the blocker\'s device too', async () => {
      const a = guest();
      const b = guest();
      await paired(a, b);
      await queue.blockPair(a.guestId, BLOCK_MS);
      const bNewSession = guest({ deviceId: b.deviceId });
      expect(await join(again(a))).toBeNull();
      expect(await join(bNewSession)).toBeNull();
      await queue.leave(a.guestId);
      const aNewSession = guest({ deviceId: a.deviceId });
      expect(await join(aNewSession)).toBeNull();
      expect(await queue.size()).toBe(2);
    });

    it('honours blocks in the sweep, even for a shared interest after the fallback', async () => {
      const a = guest({ interests: ['chess'] });
      const tag = guest({ interests: ['chess'] });
      await paired(a, tag);
      await queue.blockPair(a.guestId, BLOCK_MS);
      expect(await join(again(a))).toBeNull();
      expect(await join(again(tag))).toBeNull();
      expect(await queue.sweep(rules(clock + FALLBACK_MS))).toEqual([]);
      const b = guest({ interests: ['music'] });
      expect(await join(b)).toBeNull();
      const pairings = await queue.sweep(rules(clock + FALLBACK_MS));
      expect(pairings).toHaveLength(1);
      expect([pairings[0].initiator.guestId, pairings[0].other.guestId]).toContain(b.guestId);
      expect(await queue.size()).toBe(1);
    });

    it('lets the two meet again once the block expires, and leaves nothing behind', async () => {
      const a = guest();
      const b = guest();
      await paired(a, b);
      await queue.blockPair(a.guestId, 200);
      expect(await subject.leftovers()).toContain('block');
      expect(await subject.leftovers()).not.toContain('block (no TTL)');
      await sleep(300);
      expect(await join(again(a))).toBeNull();
      expect(await join(again(b))).toMatchObject({ other: { guestId: a.guestId } });
      await queue.endPair(a.guestId, 0);
      expect(await subject.leftovers()).toEqual([]);
    });
  });
}
