import { afterAll, beforeAll, expect } from '@jest/globals';
import type { Redis } from 'ioredis';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { HARNESS_APP_ENV } from '../support/harness-env.js';
import { OwnRedisServer } from '../support/redis-server.js';
import { MARKER } from './support/bad-payloads.js';
import { fuzzScenarios, type FuzzTopology } from './support/fuzz-scenarios.js';

const MAX_FRAME_BYTES = 65_536;
/** GuestUser's fields (libs/contracts/src/guest.ts): a stored session holds these and nothing else. */
const GUEST_FIELDS = new Set(['id', 'username', 'isOnline', 'lastSeen', 'socketId', 'connectedUser', 'deviceId', 'isSearching', 'interests', 'location', 'ipHash', 'sessionId', 'createdAt', 'connectedAt', 'tokenId', 'networkHash']);
const redisServer = new OwnRedisServer();
let cluster: DistributedCluster;
let redis: Redis;
let topology: FuzzTopology;

beforeAll(async () => {
  await redisServer.start();
  redis = redisServer.client();
  cluster = new DistributedCluster({ ...HARNESS_APP_ENV, SOCKET_MAX_PAYLOAD_BYTES: String(MAX_FRAME_BYTES) }, { redisUrl: redisServer.url });
  await cluster.start(2);
  const [g1, g2] = cluster.gateways;
  topology = { apiUrl: cluster.session.url, gatewayUrls: [g1.url, g2.url], maxFrameBytes: MAX_FRAME_BYTES, alive: () => cluster.exited().length === 0 };
}, 60_000);

afterAll(async () => {
  await redis?.quit();
  await cluster?.stopAll();
  await redisServer.destroy();
});

fuzzScenarios('the distributed apps (session, matchmaking, two gateways)', () => topology, {
  afterFuzz: async () => {
    // Whatever the requests carried, the stored sessions hold the known fields only.
    const sessions = await redis.keys(`${cluster.prefix}session:*`);
    expect(sessions.length).toBeGreaterThan(0);
    for (const key of sessions) {
      const hash = await redis.hgetall(key);
      expect(Object.keys(hash).filter((field) => !GUEST_FIELDS.has(field))).toEqual([]);
      expect(JSON.stringify(hash)).not.toContain(MARKER);
    }
  },
});
