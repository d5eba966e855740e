import { afterAll, describe, expect, it } from '@jest/globals';
import { TestRedis } from '../../../../test/support/test-redis.js';
import { MatchmakingKeys } from '../matchmaking-keys.js';
import { InMemoryPresenceRegistry } from '../presence/in-memory-presence.registry.js';
import { RedisPresenceRegistry } from '../presence/redis-presence.registry.js';
import { InMemoryMatchQueue } from './in-memory-match.queue.js';
import { matchQueueBatchContract } from './match-queue-batch.contract.js';
import { matchQueueBlockContract } from './match-queue-block.contract.js';
import { matchQueueRequestsContract } from './match-queue-requests.contract.js';
import { matchQueueContract, type MatchQueueSubject } from './match-queue.contract.js';
import { RedisMatchQueue } from './redis-match.queue.js';

const redis = new TestRedis();
afterAll(async () => {
  await redis.close();
});

/** Presence keys share the matchmaking key space; the leak check looks at the queue's own keys only. */
const PRESENCE_KINDS = new Set(['gw', 'gateways', 'gwguests', 'gwlink', 'conn', 'grace']);

function inMemorySubject(): MatchQueueSubject {
  const presence = new InMemoryPresenceRegistry();
  const queue = new InMemoryMatchQueue(presence);
  return {
    queue,
    presence,
    leftovers: async () => {
      const { waiting, pairs, avoid, blocks, requests } = queue.sizes();
      return [
        ...Array<string>(avoid).fill('avoid'),
        ...Array<string>(blocks).fill('block'),
        ...Array<string>(waiting).fill('entry'),
        ...Array<string>(pairs).fill('pair'),
        ...Array<string>(requests).fill('req'),
      ];
    },
  };
}

async function redisSubject(): Promise<MatchQueueSubject> {
  await redis.flush();
  const prefix = new MatchmakingKeys(redis.keys).prefix;
  return {
    queue: new RedisMatchQueue(redis.client, redis.keys),
    presence: new RedisPresenceRegistry(redis.client, redis.keys),
    leftovers: async () => {
      const kinds: string[] = [];
      for (const key of await redis.keysLeft()) {
        const kind = key.slice(prefix.length).split(':')[0];
        if (PRESENCE_KINDS.has(kind)) continue;
        kinds.push((await redis.client.pttl(key)) > 0 ? kind : `${kind} (no TTL)`);
      }
      return kinds.sort();
    },
  };
}

matchQueueContract('in-memory', inMemorySubject);
matchQueueContract('redis', redisSubject);
matchQueueBlockContract('in-memory', inMemorySubject);
matchQueueBlockContract('redis', redisSubject);
matchQueueBatchContract('in-memory', inMemorySubject);
matchQueueBatchContract('redis', redisSubject);
matchQueueRequestsContract('in-memory', inMemorySubject);
matchQueueRequestsContract('redis', redisSubject);

describe('RedisMatchQueue', () => {
  it('stops counting a pairing once its TTL has passed, without anyone ending it', async () => {
    await redis.flush();
    const presence = new RedisPresenceRegistry(redis.client, redis.keys);
    const queue = new RedisMatchQueue(redis.client, redis.keys);
    await presence.heartbeat('gw-ttl', 2, 60_000);
    const now = Date.now();
    const rules = { now, fallbackMs: 0, pairTtlMs: 5_000 };
    const entry = (guestId: string) => ({ guestId, username: guestId, deviceId: null, interests: [], joinedAt: now, gatewayId: 'gw-ttl' });
    for (const guestId of ['ttl-a', 'ttl-b']) await presence.attach(guestId, { socketId: `socket-${guestId}`, gatewayId: 'gw-ttl' }, 60_000);
    await queue.join(entry('ttl-a'), rules);
    expect(await queue.join(entry('ttl-b'), rules)).toMatchObject({ other: { guestId: 'ttl-a' } });
    expect(await queue.pairCount(now + 4_999)).toBe(1);
    expect(await queue.pairCount(now + 5_000)).toBe(0);
  });
});
