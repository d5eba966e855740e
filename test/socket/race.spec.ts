import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { eventually } from '../support/eventually.js';
import { GuestClient } from '../support/guest-client.js';
import { matchmakingRecords } from '../support/matchmaking-state.js';
import type { RedisMode } from '../support/test-redis.js';
import { TEST_SETTINGS } from './topology.js';

const GUESTS = 200;

/** One Redis with the classic adapter, and a Redis Cluster with the sharded adapter (a channel per room). */
describe.each<[string, RedisMode]>([
  ['one Redis', 'single'],
  ['a Redis Cluster', 'cluster'],
])('concurrent joins through two gateways, %s', (_, mode) => {
  const cluster = new DistributedCluster({ ...TEST_SETTINGS, LOG_LEVEL: 'warn' }, { redisMode: mode });
  let guests: GuestClient[] = [];

  beforeAll(async () => {
    await cluster.start(2);
  }, 60_000);

  afterAll(async () => {
    guests.forEach((guest) => guest.close());
    await cluster.stopAll();
  });

  async function connectGuests(): Promise<GuestClient[]> {
    const [g1, g2] = cluster.gateways;
    const connected: GuestClient[] = [];
    for (let i = 0; i < GUESTS; i += 20) {
      const batch = Array.from({ length: 20 }, (_, j) => GuestClient.create(cluster.session.url, (i + j) % 2 ? g2.url : g1.url));
      connected.push(...(await Promise.all(batch)));
    }
    return connected;
  }

  it('puts every guest in at most one pair, and every pair is symmetric', async () => {
    guests = await connectGuests();
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
    const redis = cluster.redisClient();
    try {
      const held = (await matchmakingRecords(redis, cluster.prefix)).filter((kind) => kind !== 'req');
      expect(held).toEqual([...Array<string>(GUESTS / 2).fill('index'), ...Array<string>(GUESTS).fill('pair')]);
    } finally {
      await redis.quit();
    }
  }, 60_000);

  it("delivers a new pair's first messages, sent the moment match:found arrives, across gateways", async () => {
    guests.forEach((guest) => guest.close());
    guests = await connectGuests();
    // Each guest writes to its partner the instant it hears of the pairing: the partner's gateway may only just
    // have put the partner's socket in the pair room (with the sharded adapter, a channel subscribed that moment).
    for (const guest of guests) {
      guest.socket.once('match:found', () => guest.emit('chat:message', { text: `first from ${guest.id}` }));
      guest.emit('match:join', {});
    }
    await eventually(() => expect(guests.filter((guest) => guest.eventsNamed('chat:message').length === 0).map((guest) => guest.username)).toEqual([]), 20_000, 50);
    for (const guest of guests) {
      const partner = guest.eventsNamed('match:found')[0].partner.id;
      expect(guest.eventsNamed('chat:message').map((message) => message.text)).toEqual([`first from ${partner}`]);
      expect(guest.eventsNamed('webrtc:error')).toEqual([]);
    }
  }, 60_000);
});
