import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { matchmakingRecords } from '../../../../test/support/matchmaking-state.js';
import { eachTestRedis, type TestRedis } from '../../../../test/support/test-redis.js';
import { InMemoryPresenceRegistry } from '../presence/in-memory-presence.registry.js';
import { MatchmakingKeys } from '../matchmaking-keys.js';
import { RedisPresenceRegistry } from '../presence/redis-presence.registry.js';
import { InMemoryMatchQueue } from './in-memory-match.queue.js';
import { matchQueueBatchContract } from './match-queue-batch.contract.js';
import { matchQueueBlockContract } from './match-queue-block.contract.js';
import { matchQueueInterestsContract } from './match-queue-interests.contract.js';
import { matchQueueRequestsContract } from './match-queue-requests.contract.js';
import { matchQueueContract, type MatchQueueSubject } from './match-queue.contract.js';
import { QueueScene } from './queue-scene.js';
import { RedisMatchQueue } from './redis-match.queue.js';

const [redis, cluster] = eachTestRedis();

function inMemorySubject(): MatchQueueSubject {
  const presence = new InMemoryPresenceRegistry();
  const queue = new InMemoryMatchQueue(presence);
  return { queue, presence, leftovers: async () => queue.heldRecords() };
}

/** On one Redis, or (`on`) on the run's Redis Cluster, where every script must stay in the {mm} slot. */
async function redisSubject(on: TestRedis = redis): Promise<MatchQueueSubject> {
  await on.flush();
  return {
    queue: new RedisMatchQueue(on.client, on.keys),
    presence: new RedisPresenceRegistry(on.client, on.keys),
    leftovers: () => matchmakingRecords(on.client, on.prefix),
  };
}
const clusterSubject = () => redisSubject(cluster);

matchQueueContract('in-memory', inMemorySubject);
matchQueueContract('redis', redisSubject);
matchQueueBlockContract('in-memory', inMemorySubject);
matchQueueBlockContract('redis', redisSubject);
matchQueueBatchContract('in-memory', inMemorySubject);
matchQueueBatchContract('redis', redisSubject);
matchQueueRequestsContract('in-memory', inMemorySubject);
matchQueueRequestsContract('redis', redisSubject);
matchQueueInterestsContract('in-memory', inMemorySubject);
matchQueueInterestsContract('redis', redisSubject);
matchQueueContract(cluster.name, clusterSubject);
matchQueueBlockContract(cluster.name, clusterSubject);
matchQueueBatchContract(cluster.name, clusterSubject);
matchQueueRequestsContract(cluster.name, clusterSubject);
matchQueueInterestsContract(cluster.name, clusterSubject);

describe('RedisMatchQueue', () => {
  it('gives every matchmaking key a lifetime at each sweep and heartbeat, and drops records past their time a slice at a time', async () => {
    const { queue, presence } = await redisSubject();
    const scene = await QueueScene.onLiveGateway(queue, presence, 10_000, 60_000);
    const [a, b, c] = [scene.guest({ interests: ['chess'] }), scene.guest({ interests: ['chess'] }), scene.guest({ interests: ['go'] })];
    for (const entry of [a, b, c]) await scene.join(entry, randomUUID());
    await queue.endPair(a.guestId, 100);
    await queue.sweep(scene.rules());
    await presence.heartbeat(scene.gateway, 3, 60_000);
    const keys = await redis.keysLeft();
    expect(keys.length).toBeGreaterThanOrEqual(4);
    for (const key of keys) expect({ key, lifetime: (await redis.client.pttl(key)) > 0 }).toEqual({ key, lifetime: true });

    const records = new MatchmakingKeys(redis.keys).records;
    expect((await redis.client.hkeys(records)).filter((field) => field.startsWith('a:'))).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await queue.sweep(scene.rules());
    expect((await redis.client.hkeys(records)).filter((field) => field.startsWith('a:'))).toEqual([]);
    expect(await matchmakingRecords(redis.client, redis.prefix)).toEqual(['entry', 'index', 'index', 'req', 'req', 'req']);
  });
});
