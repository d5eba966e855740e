import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { uploadFile } from '../support/file-api.js';
import { GuestClient } from '../support/guest-client.js';
import { png } from '../support/sample-files.js';
import { TEST_REDIS_URL } from '../support/test-redis.js';
import { fileCleanupScenarios, fileSharingScenarios } from './files.scenarios.js';
import { sessionApiScenarios } from './session-api.scenarios.js';
import { signalingScenarios } from './signaling.scenarios.js';
import { TEST_SETTINGS, testTopology, type Topology } from './topology.js';

const FILE_TTL_SECONDS = 120;
const cluster = new DistributedCluster({ ...TEST_SETTINGS, LOG_LEVEL: 'warn', FILE_TTL_SECONDS: String(FILE_TTL_SECONDS) });
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
let topology: Topology;

/** The shared-file keys Redis still holds for one pair (`rdv:{file:<pairId>}:...`). */
const fileKeysOfPair = (pairId: string) => redis.keys(`${cluster.prefix}{file:${pairId}}:*`);

beforeAll(async () => {
  await cluster.start(2);
  const [g1, g2] = cluster.gateways;
  topology = testTopology(cluster.session.url, [g1.url, g2.url]);
}, 60_000);

afterAll(async () => {
  await cluster.stopAll();
  await redis.quit();
});

sessionApiScenarios('distributed', () => topology);
signalingScenarios('distributed (session, matchmaking and two gateways as processes, one Redis)', () => topology);
fileSharingScenarios('distributed (uploads on the session service, partners on other gateways)', () => topology);
fileCleanupScenarios('distributed (Redis)', () => topology, fileKeysOfPair);

describe('shared files in Redis', () => {
  it('stores them (and the byte budget) under the prefix with a TTL no longer than FILE_TTL_SECONDS, as the safety net', async () => {
    const [g1, g2] = cluster.gateways;
    const a = await GuestClient.create(cluster.session.url, g1.url);
    const b = await GuestClient.create(cluster.session.url, g2.url);
    try {
      a.emit('match:join', {});
      b.emit('match:join', {});
      const { pairId } = await a.waitFor('match:found');
      expect((await uploadFile(cluster.session.url, a.session.token, { data: png(), name: 'a.png', type: 'image/png' })).status).toBe(201);
      const keys = await fileKeysOfPair(pairId);
      expect(keys.map((key) => key.slice(cluster.prefix.length).replace(/[0-9a-f-]{36}/g, 'ID')).sort()).toEqual(['{file:ID}:data:ID', '{file:ID}:index', '{file:ID}:meta:ID']);
      const budget = await redis.keys(`${cluster.prefix}{files}:*`);
      expect(budget.map((key) => key.slice(cluster.prefix.length)).sort()).toEqual(['{files}:expiry', '{files}:sizes', '{files}:total']);
      for (const key of [...keys, ...budget]) {
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(FILE_TTL_SECONDS * 1000);
      }
    } finally {
      a.close();
      b.close();
    }
  });
});
