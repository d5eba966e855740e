import { describe, expect, it, beforeEach } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { eventually } from '../../../../test/support/eventually.js';
import type { PresenceRegistry } from '../presence/presence-registry.port.js';
import type { MatchQueue } from './match-queue.port.js';
import { QueueScene } from './queue-scene.js';
import type { Pairing, QueueEntry } from './queue-entry.js';

/** A queue and the presence registry it checks gateways against, of one flavour and one state. */
export interface MatchQueueSubject {
  queue: MatchQueue;
  presence: PresenceRegistry;
  /**
   * The queue's state still held, one kind per record (`entry`, `pair`, `avoid`, ...), sorted; for leak
   * checks. A record that never expires is reported as `<kind> (no TTL)`.
   */
  leftovers(): Promise<string[]>;
}

const FALLBACK_MS = 10_000;
const LONG_TTL_MS = 60_000;
const SHORT_TTL_MS = 250;
const AVOID_MS = 60_000;

/** One behaviour for every MatchQueue implementation. */
export function matchQueueContract(name: string, makeSubject: () => MatchQueueSubject | Promise<MatchQueueSubject>): void {
  describe(`MatchQueue contract: ${name}`, () => {
    let queue: MatchQueue;
    let presence: PresenceRegistry;
    let subject: MatchQueueSubject;
    let scene: QueueScene;

    beforeEach(async () => {
      ({ subject, queue, presence, scene } = await QueueScene.forSubject(makeSubject, FALLBACK_MS, LONG_TTL_MS));
    });

    async function joinPaired(entry: QueueEntry): Promise<Pairing> {
      const result = await scene.join(entry);
      if (result === null || typeof result !== 'object') throw new Error(`expected ${entry.guestId} to be paired, got ${String(result)}`);
      return result;
    }

    async function expectPairedTogether(a: QueueEntry, b: QueueEntry, pairId?: string): Promise<void> {
      const [viewA, viewB] = await Promise.all([queue.pairOf(a.guestId), queue.pairOf(b.guestId)]);
      expect(viewA).toMatchObject({ partnerId: b.guestId, partnerUsername: b.username });
      expect(viewB).toMatchObject({ partnerId: a.guestId, partnerUsername: a.username });
      expect(viewA?.pairId).toBe(viewB?.pairId);
      expect(viewA?.initiator).toBe(!viewB?.initiator);
      if (pairId !== undefined) expect(viewA?.pairId).toBe(pairId);
    }

    function guestIdsOf(pairings: Pairing[]): string[] {
      return pairings.flatMap((p) => [p.initiator.guestId, p.other.guestId]);
    }

    it('pairs two compatible guests, with the joiner as the initiator, and takes both out of the queue', async () => {
      const a = scene.guest();
      const b = scene.guest();
      expect(await scene.join(a)).toBeNull();
      const pairing = await joinPaired(b);
      expect(pairing.initiator).toEqual(b);
      expect(pairing.other).toEqual(a);
      expect(await queue.pairOf(b.guestId)).toEqual({ pairId: pairing.pairId, partnerId: a.guestId, partnerUsername: a.username, initiator: true });
      expect(await queue.pairOf(a.guestId)).toEqual({ pairId: pairing.pairId, partnerId: b.guestId, partnerUsername: b.username, initiator: false });
      expect(await queue.isQueued(a.guestId)).toBe(false);
      expect(await queue.isQueued(b.guestId)).toBe(false);
      expect(await queue.size()).toBe(0);
    });

    it('queues a lone guest', async () => {
      const a = scene.guest();
      expect(await scene.join(a)).toBeNull();
      expect(await queue.isQueued(a.guestId)).toBe(true);
      expect(await queue.size()).toBe(1);
      expect(await queue.pairOf(a.guestId)).toBeNull();
    });

    it('knows nothing of a guest who never joined', async () => {
      const stranger = randomUUID();
      expect(await queue.isQueued(stranger)).toBe(false);
      expect(await queue.pairOf(stranger)).toBeNull();
      expect(await queue.endPair(stranger, 0)).toBeNull();
      expect(await queue.size()).toBe(0);
    });

    it('pairs a newcomer with the guest who has waited longest', async () => {
      const a = scene.guest({ interests: ['chess'] });
      const b = scene.guest({ interests: ['music'] });
      expect(await scene.join(a)).toBeNull();
      expect(await scene.join(b)).toBeNull();
      const c = scene.guest({ interests: ['music', 'chess'] });
      const pairing = await joinPaired(c);
      expect(pairing.other.guestId).toBe(a.guestId);
      await expectPairedTogether(a, c, pairing.pairId);
      expect(await queue.isQueued(b.guestId)).toBe(true);
      expect(await queue.size()).toBe(1);
    });

    it('never pairs a guest with itself: joining twice leaves one entry', async () => {
      const a = scene.guest();
      expect(await scene.join(a)).toBeNull();
      expect(await scene.join(scene.again(a))).toBeNull();
      expect(await queue.isQueued(a.guestId)).toBe(true);
      expect(await queue.size()).toBe(1);
      expect(await queue.pairOf(a.guestId)).toBeNull();
    });

    it('never pairs two guests with the same device', async () => {
      const a = scene.guest({ deviceId: 'same-device' });
      const b = scene.guest({ deviceId: 'same-device' });
      expect(await scene.join(a)).toBeNull();
      expect(await scene.join(b)).toBeNull();
      expect(await queue.size()).toBe(2);
      const c = scene.guest();
      expect((await joinPaired(c)).other.guestId).toBe(a.guestId);
      expect(await queue.isQueued(b.guestId)).toBe(true);
    });

    it('pairs two guests who both have no device id', async () => {
      const a = scene.guest({ deviceId: null });
      const b = scene.guest({ deviceId: null });
      expect(await scene.join(a)).toBeNull();
      const pairing = await joinPaired(b);
      expect(pairing.other).toEqual(a);
      await expectPairedTogether(a, b, pairing.pairId);
    });

    it('answers "paired" to a join of a guest who has a partner, and changes nothing', async () => {
      const a = scene.guest();
      const b = scene.guest();
      await scene.join(a);
      const pairing = await joinPaired(b);
      const c = scene.guest();
      expect(await scene.join(c)).toBeNull();
      expect(await scene.join(scene.again(a))).toBe('paired');
      expect(await scene.join(scene.again(b))).toBe('paired');
      await expectPairedTogether(a, b, pairing.pairId);
      expect(await queue.isQueued(a.guestId)).toBe(false);
      expect(await queue.isQueued(c.guestId)).toBe(true);
      expect(await queue.pairOf(c.guestId)).toBeNull();
      expect(await queue.size()).toBe(1);
    });

    it('pairs guests who share an interest at once, even when others have waited longer', async () => {
      const anyone = scene.guest();
      const chess = scene.guest({ interests: ['chess'] });
      const music = scene.guest({ interests: ['music', 'art'] });
      expect(await scene.join(anyone)).toBeNull();
      expect(await scene.join(chess)).toBeNull();
      expect(await scene.join(music)).toBeNull();
      const art = scene.guest({ interests: ['art'] });
      const pairing = await joinPaired(art);
      expect(pairing.other.guestId).toBe(music.guestId);
      await expectPairedTogether(music, art, pairing.pairId);
      expect(await queue.isQueued(anyone.guestId)).toBe(true);
      expect(await queue.isQueued(chess.guestId)).toBe(true);
      expect(await queue.size()).toBe(2);
    });

    it('pairs guests without interests with each other at once', async () => {
      const a = scene.guest({ interests: [] });
      const b = scene.guest({ interests: [] });
      expect(await scene.join(a)).toBeNull();
      const pairing = await joinPaired(b);
      expect(pairing.other.guestId).toBe(a.guestId);
      expect(await queue.size()).toBe(0);
    });

    it('keeps guests with interests and no shared tag apart until both have waited past the fallback, then sweep pairs them', async () => {
      const a = scene.guest({ interests: ['chess'] });
      const b = scene.guest({ interests: ['music'] });
      expect(await scene.join(a)).toBeNull();
      expect(await scene.join(b)).toBeNull();
      expect(await queue.sweep(scene.rules(a.joinedAt + FALLBACK_MS - 1))).toEqual([]);
      // a has waited long enough, b not yet
      expect(await queue.sweep(scene.rules(b.joinedAt + FALLBACK_MS - 1))).toEqual([]);
      expect(await queue.size()).toBe(2);
      const pairings = await queue.sweep(scene.rules(b.joinedAt + FALLBACK_MS));
      expect(pairings).toHaveLength(1);
      expect(guestIdsOf(pairings).sort()).toEqual([a.guestId, b.guestId].sort());
      await expectPairedTogether(a, b, pairings[0].pairId);
      expect(await queue.size()).toBe(0);
      expect(await queue.sweep(scene.rules(b.joinedAt + 2 * FALLBACK_MS))).toEqual([]);
    });

    it('pairs a joiner without interests with a guest whose interests have waited past the fallback', async () => {
      const a = scene.guest({ interests: ['chess'] });
      expect(await scene.join(a)).toBeNull();
      const early = scene.guest();
      expect(await scene.join(early)).toBeNull();
      scene.clock = a.joinedAt + FALLBACK_MS - 10;
      const b = scene.guest();
      const pairing = await joinPaired(b);
      expect(pairing.other.guestId).toBe(a.guestId);
      expect(await queue.isQueued(early.guestId)).toBe(true);
    });

    it('ends a pairing for both sides once, from either side', async () => {
      const a = scene.guest();
      const b = scene.guest();
      await scene.join(a);
      const pairing = await joinPaired(b);
      const ended = await queue.endPair(a.guestId, 0);
      expect(ended?.pairId).toBe(pairing.pairId);
      expect([...(ended?.guestIds ?? [])].sort()).toEqual([a.guestId, b.guestId].sort());
      expect(await queue.pairOf(a.guestId)).toBeNull();
      expect(await queue.pairOf(b.guestId)).toBeNull();
      expect(await queue.endPair(a.guestId, 0)).toBeNull();
      expect(await queue.endPair(b.guestId, 0)).toBeNull();
      expect(await queue.isQueued(a.guestId)).toBe(false);
      expect(await queue.isQueued(b.guestId)).toBe(false);
      expect(await subject.leftovers()).toEqual([]);
    });

    it('counts the live pairings: a pairing counts once until either side ends it', async () => {
      expect(await queue.pairCount(scene.clock)).toBe(0);
      const [a, b, c, d] = [scene.guest(), scene.guest(), scene.guest(), scene.guest()];
      await scene.join(a);
      await joinPaired(b);
      expect(await queue.pairCount(scene.clock)).toBe(1);
      await scene.join(c);
      expect(await queue.pairCount(scene.clock)).toBe(1);
      await joinPaired(d);
      expect(await queue.pairCount(scene.clock)).toBe(2);
      await queue.endPair(b.guestId, 0);
      await queue.endPair(a.guestId, 0);
      expect(await queue.pairCount(scene.clock)).toBe(1);
      await queue.endPair(c.guestId, 0);
      expect(await queue.pairCount(scene.clock)).toBe(0);
      expect(await subject.leftovers()).toEqual([]);
    });

    it('ends a pairing for exactly one of two callers ending it at the same time', async () => {
      const a = scene.guest();
      const b = scene.guest();
      await scene.join(a);
      const pairing = await joinPaired(b);
      const results = await Promise.all([queue.endPair(a.guestId, 0), queue.endPair(b.guestId, 0)]);
      const ended = results.filter((r) => r !== null);
      expect(ended).toHaveLength(1);
      expect(ended[0].pairId).toBe(pairing.pairId);
      expect(await queue.pairOf(a.guestId)).toBeNull();
      expect(await queue.pairOf(b.guestId)).toBeNull();
    });

    it('does not pair the two again after a pairing ended with an avoidance, but pairs each with someone else', async () => {
      const a = scene.guest();
      const b = scene.guest();
      await scene.join(a);
      await joinPaired(b);
      expect(await queue.endPair(b.guestId, AVOID_MS)).not.toBeNull();
      expect(await scene.join(scene.again(a))).toBeNull();
      expect(await scene.join(scene.again(b))).toBeNull();
      expect(await queue.size()).toBe(2);
      const c = scene.guest();
      expect((await joinPaired(c)).other.guestId).toBe(a.guestId);
      const d = scene.guest();
      expect((await joinPaired(d)).other.guestId).toBe(b.guestId);
      expect(await queue.endPair(a.guestId, 0)).not.toBeNull();
      expect(await queue.endPair(b.guestId, 0)).not.toBeNull();
      // only the (expiring) avoidance of a and b, one record per direction, is left
      expect(await subject.leftovers()).toEqual(['avoid', 'avoid']);
    });

    it('does not pair two guests who avoid each other, in either direction', async () => {
      const a = scene.guest();
      const b = scene.guest();
      await queue.avoid(b.guestId, a.guestId, AVOID_MS);
      expect(await scene.join(a)).toBeNull();
      expect(await scene.join(b)).toBeNull();
      const pairings = await queue.sweep(scene.rules(scene.clock + 2 * FALLBACK_MS));
      expect(pairings).toEqual([]);
      expect(await queue.size()).toBe(2);
    });

    it('forgets an avoidance set to 0 ms', async () => {
      const a = scene.guest();
      const b = scene.guest();
      await scene.join(a);
      await joinPaired(b);
      await queue.endPair(a.guestId, AVOID_MS);
      await queue.avoid(a.guestId, b.guestId, 0);
      expect(await scene.join(scene.again(a))).toBeNull();
      const pairing = await joinPaired(scene.again(b));
      expect(pairing.other.guestId).toBe(a.guestId);
      await queue.endPair(a.guestId, 0);
      expect(await subject.leftovers()).toEqual([]);
    });

    it('lets an avoidance run out after its time', async () => {
      const a = scene.guest();
      const b = scene.guest();
      await queue.avoid(a.guestId, b.guestId, 150);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await scene.join(a)).toBeNull();
      expect((await joinPaired(b)).other.guestId).toBe(a.guestId);
    });

    it('removes a guest who leaves the queue and reports whether it was there', async () => {
      const a = scene.guest();
      await scene.join(a);
      expect(await queue.leave(a.guestId)).toBe(true);
      expect(await queue.isQueued(a.guestId)).toBe(false);
      expect(await queue.size()).toBe(0);
      expect(await queue.leave(a.guestId)).toBe(false);
      expect(await queue.leave(randomUUID())).toBe(false);
      const b = scene.guest();
      expect(await scene.join(b)).toBeNull();
      expect(await queue.pairOf(b.guestId)).toBeNull();
    });

    it('keeps the pairing of a paired guest who leaves the queue', async () => {
      const a = scene.guest();
      const b = scene.guest();
      await scene.join(a);
      const pairing = await joinPaired(b);
      expect(await queue.leave(a.guestId)).toBe(false);
      await expectPairedTogether(a, b, pairing.pairId);
    });

    it('never pairs a guest whose gateway never heartbeated, and drops its entry', async () => {
      const ghost = scene.guest({ gatewayId: `gw-${randomUUID()}` });
      expect(await scene.join(ghost)).toBeNull();
      const b = scene.guest();
      expect(await scene.join(b)).toBeNull();
      expect(await queue.isQueued(ghost.guestId)).toBe(false);
      expect(await queue.isQueued(b.guestId)).toBe(true);
      expect(await queue.size()).toBe(1);
      expect(await queue.pairOf(b.guestId)).toBeNull();
    });

    it('never hands a joiner whose gateway is dead to a waiting guest', async () => {
      const a = scene.guest();
      expect(await scene.join(a)).toBeNull();
      const ghost = scene.guest({ gatewayId: `gw-${randomUUID()}` });
      expect(await scene.join(ghost)).toBeNull();
      expect(await queue.pairOf(a.guestId)).toBeNull();
      expect(await queue.pairOf(ghost.guestId)).toBeNull();
      expect(await queue.isQueued(a.guestId)).toBe(true);
      const b = scene.guest();
      expect((await joinPaired(b)).other.guestId).toBe(a.guestId);
      const c = scene.guest();
      expect(await scene.join(c)).toBeNull();
      expect(await queue.isQueued(ghost.guestId)).toBe(false);
      expect(await queue.size()).toBe(1);
    });

    it('never pairs a guest whose gateway heartbeat expired, and drops its entry', async () => {
      const shortLived = `gw-${randomUUID()}`;
      await presence.heartbeat(shortLived, 1, SHORT_TTL_MS);
      const ghost = scene.guest({ gatewayId: shortLived });
      expect(await scene.join(ghost)).toBeNull();
      await eventually(async () => !(await presence.isGatewayAlive(shortLived)), 5_000);
      const b = scene.guest();
      expect(await scene.join(b)).toBeNull();
      expect(await queue.isQueued(ghost.guestId)).toBe(false);
      expect(await queue.isQueued(b.guestId)).toBe(true);
      expect(await queue.size()).toBe(1);
    });

    it('never hands out the guests of a gateway whose process is gone (link dropped), even while its heartbeat lasts', async () => {
      const crashing = `gw-${randomUUID()}`;
      const link = await presence.link(crashing);
      await presence.heartbeat(crashing, 3, LONG_TTL_MS);
      const linkedA = scene.guest({ gatewayId: crashing });
      expect(await scene.join(linkedA)).toBeNull();
      expect((await joinPaired(scene.guest())).other.guestId).toBe(linkedA.guestId);

      const ghost = scene.guest({ gatewayId: crashing });
      expect(await scene.join(ghost)).toBeNull();
      await link.close();
      const b = scene.guest();
      expect(await scene.join(b)).toBeNull();
      expect(await queue.sweep(scene.rules(scene.clock + FALLBACK_MS))).toEqual([]);
      expect(await queue.pairOf(ghost.guestId)).toBeNull();
      expect(await queue.pairOf(b.guestId)).toBeNull();
      // once the gateway is forgotten, its guests leave the queue (as matchmaking does with a dead gateway's)
      const forgotten = await presence.forgetGateway(crashing);
      expect({ guests: forgotten.guests.sort(), done: forgotten.done }).toEqual({ guests: [linkedA.guestId, ghost.guestId].sort(), done: true });
      expect(await queue.leave(ghost.guestId)).toBe(true);
      expect(await queue.isQueued(b.guestId)).toBe(true);
    });

    it('never pairs a guest whose gateway was removed', async () => {
      const leaving = `gw-${randomUUID()}`;
      await presence.heartbeat(leaving, 1, LONG_TTL_MS);
      const ghost = scene.guest({ gatewayId: leaving });
      expect(await scene.join(ghost)).toBeNull();
      await presence.removeGateway(leaving);
      const b = scene.guest();
      expect(await scene.join(b)).toBeNull();
      expect(await queue.isQueued(ghost.guestId)).toBe(false);
      expect(await queue.size()).toBe(1);
    });

    it('drops the entries of a dead gateway on sweep instead of pairing them', async () => {
      const shortLived = `gw-${randomUUID()}`;
      await presence.heartbeat(shortLived, 2, SHORT_TTL_MS);
      const a = scene.guest({ gatewayId: shortLived, interests: ['chess'] });
      const b = scene.guest({ gatewayId: shortLived, interests: ['music'] });
      const c = scene.guest({ interests: ['art'] });
      expect(await scene.join(a)).toBeNull();
      expect(await scene.join(b)).toBeNull();
      expect(await scene.join(c)).toBeNull();
      await eventually(async () => !(await presence.isGatewayAlive(shortLived)), 5_000);
      expect(await queue.sweep(scene.rules(scene.clock + FALLBACK_MS))).toEqual([]);
      expect(await queue.isQueued(a.guestId)).toBe(false);
      expect(await queue.isQueued(b.guestId)).toBe(false);
      expect(await queue.isQueued(c.guestId)).toBe(true);
      expect(await queue.size()).toBe(1);
    });

    it('never puts one guest in two pairs on sweep', async () => {
      const waiting = ['a', 'b', 'c', 'd', 'e'].map((tag) => scene.guest({ interests: [tag] }));
      for (const entry of waiting) expect(await scene.join(entry)).toBeNull();
      const pairings = await queue.sweep(scene.rules(scene.clock + FALLBACK_MS));
      expect(pairings).toHaveLength(2);
      const ids = guestIdsOf(pairings);
      expect(new Set(ids).size).toBe(4);
      for (const { initiator, other, pairId } of pairings) await expectPairedTogether(initiator, other, pairId);
      const left = waiting.filter((entry) => !ids.includes(entry.guestId));
      expect(left).toHaveLength(1);
      expect(await queue.isQueued(left[0].guestId)).toBe(true);
      expect(await queue.pairOf(left[0].guestId)).toBeNull();
      expect(await queue.size()).toBe(1);
      expect(await queue.sweep(scene.rules(scene.clock + 2 * FALLBACK_MS))).toEqual([]);
    });

    it('never puts one guest in two pairs when two sweeps run at once', async () => {
      const waiting = ['a', 'b', 'c', 'd', 'e', 'f'].map((tag) => scene.guest({ interests: [tag] }));
      for (const entry of waiting) expect(await scene.join(entry)).toBeNull();
      const [first, second] = await Promise.all([queue.sweep(scene.rules(scene.clock + FALLBACK_MS)), queue.sweep(scene.rules(scene.clock + FALLBACK_MS))]);
      const ids = guestIdsOf([...first, ...second]);
      expect(ids).toHaveLength(6);
      expect(ids.sort()).toEqual(waiting.map((entry) => entry.guestId).sort());
      expect(await queue.size()).toBe(0);
    });

    it('keeps the device and avoidance rules on sweep', async () => {
      const a = scene.guest({ interests: ['a'], deviceId: 'shared' });
      const b = scene.guest({ interests: ['b'], deviceId: 'shared' });
      const c = scene.guest({ interests: ['c'] });
      const d = scene.guest({ interests: ['d'] });
      await queue.avoid(c.guestId, d.guestId, AVOID_MS);
      for (const entry of [a, b, c, d]) expect(await scene.join(entry)).toBeNull();
      const pairings = await queue.sweep(scene.rules(scene.clock + FALLBACK_MS));
      // a-b share a device and c-d avoid each other, so the pairs cross over
      expect(pairings).toHaveLength(2);
      for (const { initiator, other } of pairings) {
        expect([initiator.guestId, other.guestId].sort()).not.toEqual([a.guestId, b.guestId].sort());
        expect([initiator.guestId, other.guestId].sort()).not.toEqual([c.guestId, d.guestId].sort());
      }
      expect(await queue.size()).toBe(0);
    });

    it('pairs 200 guests joining at once through two gateways into 100 symmetric pairs', async () => {
      const second = `gw-${randomUUID()}`;
      await presence.heartbeat(second, 100, LONG_TTL_MS);
      const guests = Array.from({ length: 200 }, (_, i) => scene.guest({ gatewayId: i % 2 === 0 ? scene.gateway : second }));
      await scene.online(...guests);
      const results = await Promise.all(guests.map((entry) => queue.join(entry, scene.rules())));
      expect(results).not.toContain('paired');
      const pairings = results.filter((r): r is Pairing => r !== null && r !== 'paired');
      expect(pairings).toHaveLength(100);
      const ids = guestIdsOf(pairings);
      expect(new Set(ids).size).toBe(200);
      expect(new Set(pairings.map((p) => p.pairId)).size).toBe(100);

      const views = new Map(await Promise.all(guests.map(async (entry) => [entry.guestId, await queue.pairOf(entry.guestId)] as const)));
      for (const { pairId, initiator, other } of pairings) {
        expect(views.get(initiator.guestId)).toEqual({ pairId, partnerId: other.guestId, partnerUsername: other.username, initiator: true });
        expect(views.get(other.guestId)).toEqual({ pairId, partnerId: initiator.guestId, partnerUsername: initiator.username, initiator: false });
      }
      expect(await queue.size()).toBe(0);
      expect(await queue.pairCount(scene.clock)).toBe(100);

      const ended = (await Promise.all(guests.map((entry) => queue.endPair(entry.guestId, 0)))).filter((e) => e !== null);
      expect(ended).toHaveLength(100);
      expect(ended.flatMap((e) => e.guestIds).sort()).toEqual(guests.map((entry) => entry.guestId).sort());
      expect(await queue.pairCount(scene.clock)).toBe(0);
      expect(await subject.leftovers()).toEqual([]);
    });
  });
}
