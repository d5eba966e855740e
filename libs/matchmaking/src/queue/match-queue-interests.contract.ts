import { beforeEach, describe, expect, it } from '@jest/globals';
import type { MatchQueueSubject } from './match-queue.contract.js';
import type { MatchQueue } from './match-queue.port.js';
import { partnerOf, QueueScene } from './queue-scene.js';

const FALLBACK_MS = 10_000;
const LONG_TTL_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Interests, the fallback and the incremental sweep, with a queue per interest: part of the MatchQueue
 * contract, for every implementation. A step looks at a few guests per interest, never at the whole queue.
 */
export function matchQueueInterestsContract(name: string, makeSubject: () => MatchQueueSubject | Promise<MatchQueueSubject>): void {
  describe(`MatchQueue contract, interests and sweeps: ${name}`, () => {
    let queue: MatchQueue;
    let subject: MatchQueueSubject;
    let scene: QueueScene;

    beforeEach(async () => {
      ({ subject, queue, scene } = await QueueScene.forSubject(makeSubject, FALLBACK_MS, LONG_TTL_MS));
    });

    it('finds the guest sharing an interest behind many hundreds who share none', async () => {
      const crowd = Array.from({ length: 300 }, (_, i) => scene.guest({ interests: [`tag-${i}`] }));
      expect((await scene.joinAll(crowd)).every((result) => result === null)).toBe(true);
      const chess = scene.guest({ interests: ['chess'] });
      expect(await scene.join(chess)).toBeNull();
      const joiner = scene.guest({ interests: ['music', 'chess'] });
      expect(partnerOf(await scene.join(joiner))).toBe(chess.guestId);
      expect(await queue.size()).toBe(300);
    });

    it('prefers a guest sharing an interest to an older one anyone may take, when anyone would do', async () => {
      const anyone = scene.guest();
      const chess = scene.guest({ interests: ['chess'] });
      await scene.online(anyone, chess);
      const noFallback = { ...scene.rules(), fallbackMs: 0 };
      expect(await queue.join(anyone, noFallback)).toBeNull();
      expect(await queue.join(chess, { ...noFallback, fallbackMs: FALLBACK_MS })).toBeNull();
      const joiner = scene.guest({ interests: ['chess'] });
      await scene.online(joiner);
      expect(partnerOf(await queue.join(joiner, { ...scene.rules(), fallbackMs: 0 }))).toBe(chess.guestId);
      expect(await queue.isQueued(anyone.guestId)).toBe(true);
    });

    it('makes a guest whose interests found nobody ready at the first sweep past its fallback, for the next joiner without interests', async () => {
      const chess = scene.guest({ interests: ['chess'] });
      expect(await scene.join(chess)).toBeNull();
      expect(await queue.sweep(scene.rules(chess.joinedAt + FALLBACK_MS))).toEqual([]);
      expect(await queue.isQueued(chess.guestId)).toBe(true);
      scene.clock = chess.joinedAt + 3 * FALLBACK_MS;
      const anyone = scene.guest();
      expect(partnerOf(await scene.join(anyone))).toBe(chess.guestId);
    });

    it('still pairs a guest made ready with one who shares its interest', async () => {
      const chess = scene.guest({ interests: ['chess'] });
      expect(await scene.join(chess)).toBeNull();
      await queue.sweep(scene.rules(chess.joinedAt + FALLBACK_MS));
      const chessToo = scene.guest({ interests: ['chess', 'go'] });
      expect(partnerOf(await scene.join(chessToo))).toBe(chess.guestId);
    });

    it('finds a guest who joined again under its new interests only, and one who left under none', async () => {
      const a = scene.guest({ interests: ['chess'] });
      expect(await scene.join(a)).toBeNull();
      expect(await scene.join(scene.again({ ...a, interests: ['music'] }))).toBeNull();
      const leaver = scene.guest({ interests: ['go'] });
      expect(await scene.join(leaver)).toBeNull();
      expect(await queue.leave(leaver.guestId)).toBe(true);
      const [chess, go, music] = [scene.guest({ interests: ['chess'] }), scene.guest({ interests: ['go'] }), scene.guest({ interests: ['music'] })];
      expect((await scene.joinAll([chess, go, music])).map(partnerOf)).toEqual([null, null, a.guestId]);
      expect(await queue.size()).toBe(2);
      // two waiting (each in waiting and under its tag), one pairing (its two sides and its index entry)
      expect(await subject.leftovers()).toEqual(['entry', 'entry', ...Array<string>(5).fill('index'), 'pair', 'pair']);
    });

    it('pairs two ready guests at a sweep once the avoidance between them has run out', async () => {
      const [a, b] = [scene.guest(), scene.guest()];
      expect(await scene.join(a)).toBeNull();
      expect(partnerOf(await scene.join(b))).toBe(a.guestId);
      expect(await queue.endPair(a.guestId, 150)).not.toBeNull();
      expect(await scene.join(scene.again(a))).toBeNull();
      expect(await scene.join(scene.again(b))).toBeNull();
      expect(await queue.sweep(scene.rules())).toEqual([]);
      await sleep(300);
      const [pairing] = await queue.sweep(scene.rules());
      expect([pairing?.initiator.guestId, pairing?.other.guestId].sort()).toEqual([a.guestId, b.guestId].sort());
      expect(await queue.size()).toBe(0);
    });

    it('ends a pairing nobody ended once its lifetime has passed: not counted, not reported, both may search again', async () => {
      const [a, b] = [scene.guest(), scene.guest()];
      const shortLived = { ...scene.rules(), pairTtlMs: 200 };
      await scene.online(a, b);
      expect(await queue.join(a, shortLived)).toBeNull();
      expect(partnerOf(await queue.join(b, shortLived))).toBe(a.guestId);
      expect(await queue.pairCount(shortLived.now + 199)).toBe(1);
      expect(await queue.pairCount(shortLived.now + 200)).toBe(0);
      await sleep(300);
      expect(await queue.pairOf(a.guestId)).toBeNull();
      expect(await scene.join(scene.again(a))).toBeNull();
      expect(await queue.endPair(b.guestId, 0)).toBeNull();
      expect(partnerOf(await scene.join(scene.again(b)))).toBe(a.guestId);
    });

    it('keeps guests with the same device apart whatever their device id holds, through tags and the ready queue', async () => {
      const device = 'dév\tice | 📱';
      const [a, b] = [scene.guest({ deviceId: device, interests: ['chess'] }), scene.guest({ deviceId: device, interests: ['chess'] })];
      const [c, d] = [scene.guest({ deviceId: device }), scene.guest({ deviceId: device })];
      expect((await scene.joinAll([a, b, c, d])).map(partnerOf)).toEqual([null, null, null, null]);
      const other = scene.guest({ interests: ['chess'] });
      expect(partnerOf(await scene.join(other))).toBe(a.guestId);
      const anyone = scene.guest();
      expect(partnerOf(await scene.join(anyone))).toBe(c.guestId);
    });
  });
}
