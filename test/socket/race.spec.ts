import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { GuestClient } from '../support/guest-client.js';
import { matchmakingRecords } from '../support/matchmaking-state.js';
import { TestRedis } from '../support/test-redis.js';
import { TEST_SETTINGS } from './topology.js';

const GUESTS = 200;
const cluster = new DistributedCluster({ ...TEST_SETTINGS, LOG_LEVEL: 'warn' });
const guests: GuestClient[] = [];

beforeAll(async () => {
  await cluster.start(2);
  const [g1, g2] = cluster.gateways;
  for (let i = 0; i < GUESTS; i += 20) {
    const batch = Array.from({ length: 20 }, (_, j) => GuestClient.create(cluster.session.url, (i + j) % 2 ? g2.url : g1.url));
    guests.push(...(await Promise.all(batch)));
  }
}, 120_000);

afterAll(async () => {
  guests.forEach((guest) => guest.close());
  await cluster.stopAll();
});

describe('concurrent joins through two gateways', () => {
  it('puts every guest in at most one pair, and every pair is symmetric', async () => {
    guests.forEach((guest) => guest.emit('match:join', {}));
    const deadline = Date.now() + 15_000;
    while (guests.some((guest) => guest.eventsNamed('match:found').length === 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // any duplicate match would have arrived by now

    const partnerOf = new Map<string, string>();
    for (const guest of guests) {
      const found = guest.eventsNamed('match:found');
      expect(found.length).toBeLessThanOrEqual(1);
      if (found.length === 1) partnerOf.set(guest.id, found[0].partner.id);
    }
    for (const [guestId, partnerId] of partnerOf) {
      expect(partnerId).not.toBe(guestId);
      expect(partnerOf.get(partnerId)).toBe(guestId);
    }
    // With no interests and nobody avoided, everyone finds someone.
    expect(partnerOf.size).toBe(GUESTS);

    // Redis agrees: 100 pairs (two sides and an index entry each), nobody left waiting.
    const redis = new TestRedis();
    try {
      const held = (await matchmakingRecords(redis.client, cluster.prefix)).filter((kind) => kind !== 'req');
      expect(held).toEqual([...Array<string>(GUESTS / 2).fill('index'), ...Array<string>(GUESTS).fill('pair')]);
    } finally {
      await redis.client.quit();
    }
  }, 60_000);
});
