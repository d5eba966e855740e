import { beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { MatchQueueSubject } from './match-queue.contract.js';
import type { MatchQueue } from './match-queue.port.js';
import { QueueScene } from './queue-scene.js';
import type { Pairing, QueueEntry } from './queue-entry.js';

const FALLBACK_MS = 10_000;
const LONG_TTL_MS = 60_000;
const AVOID_MS = 60_000;

/**
 * Requests arrive at least once, and sockets close before matchmaking hears of it: part of the
 * MatchQueue contract, for every implementation. A request id applied once is applied only once; a
 * guest whose socket is gone is never queued or handed out.
 */
export function matchQueueRequestsContract(name: string, makeSubject: () => MatchQueueSubject | Promise<MatchQueueSubject>): void {
  describe(`MatchQueue contract, redelivered requests and closed sockets: ${name}`, () => {
    let queue: MatchQueue;
    let subject: MatchQueueSubject;
    let scene: QueueScene;

    beforeEach(async () => {
      ({ subject, queue, scene } = await QueueScene.forSubject(makeSubject, FALLBACK_MS, LONG_TTL_MS));
    });

    async function paired(a: QueueEntry, b: QueueEntry): Promise<Pairing> {
      expect(await scene.join(a)).toBeNull();
      const pairing = await scene.join(b);
      if (pairing === null || typeof pairing !== 'object') throw new Error(`expected a pairing, got ${String(pairing)}`);
      return pairing;
    }

    it('applies a join once: its redelivery changes nothing and says duplicate', async () => {
      const [a, b] = [scene.guest(), scene.guest()];
      const joinA = randomUUID();
      expect(await scene.join(a, joinA)).toBeNull();
      expect(await scene.join(a, joinA)).toBe('duplicate');
      const joinB = randomUUID();
      const pairing = await scene.join(b, joinB);
      expect(pairing).toMatchObject({ initiator: b, other: a });
      expect(await scene.join(b, joinB)).toBe('duplicate'); // not 'paired': nobody is told twice
      expect(await queue.pairOf(a.guestId)).toMatchObject({ partnerId: b.guestId });
      expect(await scene.join(scene.again(a), randomUUID())).toBe('paired'); // a new request is still answered
    });

    it('never lets a redelivered next end the pair it just made', async () => {
      const [a, b, c] = [scene.guest(), scene.guest(), scene.guest()];
      await paired(a, b);
      expect(await scene.join(c)).toBeNull();
      const next = randomUUID();
      // next = end the pairing, then join again, both under the next's request id
      expect(await queue.endPair(a.guestId, AVOID_MS, next)).toMatchObject({ guestIds: expect.arrayContaining([a.guestId, b.guestId]) });
      expect(await scene.join(scene.again(a), next)).toMatchObject({ other: { guestId: c.guestId } });
      // the same next again (a replica took it over): the new pair with c stays
      expect(await queue.endPair(a.guestId, AVOID_MS, next)).toBe('duplicate');
      expect(await scene.join(scene.again(a), next)).toBe('duplicate');
      expect(await queue.pairOf(a.guestId)).toMatchObject({ partnerId: c.guestId });
      expect(await queue.pairOf(c.guestId)).toMatchObject({ partnerId: a.guestId });
    });

    it('answers a redelivered end or block as the first one did, ending nothing more', async () => {
      const [a, b] = [scene.guest(), scene.guest()];
      await paired(a, b);
      const block = randomUUID();
      expect(await queue.blockPair(a.guestId, AVOID_MS, block)).toMatchObject({ guestIds: expect.arrayContaining([a.guestId, b.guestId]) });
      expect(await queue.blockPair(a.guestId, AVOID_MS, block)).toBe('duplicate');
      const nothing = randomUUID();
      expect(await queue.endPair(a.guestId, 0, nothing)).toBeNull();
      const [c] = [scene.guest()];
      expect(await scene.join(scene.again(a))).toBeNull();
      expect(await scene.join(c)).toMatchObject({ other: { guestId: a.guestId } });
      expect(await queue.endPair(a.guestId, 0, nothing)).toBeNull(); // it ended nothing then; it ends nothing now
      expect(await queue.pairOf(a.guestId)).toMatchObject({ partnerId: c.guestId });
    });

    it('never hands out a waiting guest whose socket closed, and drops its entry', async () => {
      const gone = scene.guest();
      expect(await scene.join(gone)).toBeNull();
      await scene.offline(gone);
      const b = scene.guest();
      expect(await scene.join(b)).toBeNull();
      expect(await queue.isQueued(gone.guestId)).toBe(false);
      expect(await queue.isQueued(b.guestId)).toBe(true);
    });

    it('never queues a joiner whose socket closed before its join was handled', async () => {
      const waiting = scene.guest();
      expect(await scene.join(waiting)).toBeNull();
      const gone = scene.guest();
      await scene.online(gone);
      await scene.offline(gone);
      expect(await queue.join(gone, scene.rules())).toBe('gone');
      expect(await queue.isQueued(gone.guestId)).toBe(false);
      expect(await queue.isQueued(waiting.guestId)).toBe(true);
      expect(await queue.pairOf(waiting.guestId)).toBeNull();
    });

    it("takes a join from its socket only while that is the guest's open socket, and records it when the record is missing", async () => {
      const lost = scene.guest(); // never attached: as after Redis lost its record
      expect(await queue.join(lost, scene.rules(), { socketId: 'socket-lost' })).toBeNull();
      expect(await subject.presence.connection(lost.guestId)).toEqual({ socketId: 'socket-lost', gatewayId: scene.gateway });
      const closed = scene.guest();
      await scene.online(closed);
      await scene.offline(closed);
      expect(await queue.join(closed, scene.rules(), { socketId: `socket-${closed.guestId}` })).toBe('gone');
      expect(await subject.presence.connection(closed.guestId)).toBeNull();
      const replaced = scene.guest();
      await scene.online(replaced);
      await subject.presence.attach(replaced.guestId, { socketId: 'newer', gatewayId: scene.gateway });
      expect(await queue.join(replaced, scene.rules(), { socketId: `socket-${replaced.guestId}` })).toBe('gone');
      expect(await queue.join(scene.again(replaced), scene.rules(), { socketId: 'newer' })).toMatchObject({ other: { guestId: lost.guestId } });
      expect(await queue.size()).toBe(0);
    });

    it('keeps request records bounded: one per guest, expiring', async () => {
      const [a, b] = [scene.guest(), scene.guest()];
      for (let i = 0; i < 5; i++) {
        expect(await scene.join(scene.again(a), randomUUID())).toBeNull();
        await queue.leave(a.guestId);
      }
      await paired(b, scene.again(a));
      await queue.endPair(a.guestId, 0, randomUUID());
      await queue.leave(b.guestId);
      expect((await subject.leftovers()).filter((kind) => kind.startsWith('req'))).toEqual(['req']);
    });
  });
}
