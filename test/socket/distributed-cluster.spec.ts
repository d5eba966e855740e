import { afterAll, beforeAll } from '@jest/globals';
import type { RedisClient } from '@rendezvous/redis';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { keysMatching } from '../support/test-redis.js';
import { fileCleanupScenarios, fileSharingScenarios } from './files.scenarios.js';
import { signalingScenarios } from './signaling.scenarios.js';
import { TEST_SETTINGS, testTopology, type Topology } from './topology.js';

/**
 * The multi-gateway scenarios again with every app on a Redis Cluster (REDIS_CLUSTER_NODES): data, bus and
 * notifier as cluster clients, the gateways on the sharded adapter with a channel per room. The REST-only
 * session scenarios are left to distributed.spec.ts: they add nothing a contract suite does not cover here.
 */
const cluster = new DistributedCluster({ ...TEST_SETTINGS, LOG_LEVEL: 'warn' }, { redisMode: 'cluster' });
let redis: RedisClient;
let topology: Topology;

beforeAll(async () => {
  await cluster.start(2);
  redis = cluster.redisClient();
  const [g1, g2] = cluster.gateways;
  topology = testTopology(cluster.session.url, [g1.url, g2.url]);
}, 60_000);

afterAll(async () => {
  await redis?.quit();
  await cluster.stopAll();
});

signalingScenarios('distributed on a Redis Cluster (session, matchmaking and two gateways as processes)', () => topology);
fileSharingScenarios('distributed on a Redis Cluster', () => topology);
fileCleanupScenarios('distributed on a Redis Cluster', () => topology, (pairId) => keysMatching(redis, `${cluster.prefix}{file:${pairId}}:*`));
