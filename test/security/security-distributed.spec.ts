import { afterAll, beforeAll } from '@jest/globals';
import { Redis } from 'ioredis';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { TEST_REDIS_URL } from '../support/test-redis.js';
import { authScenarios } from './auth.scenarios.js';
import { limitScenarios } from './limits.scenarios.js';
import { moderationScenarios } from './moderation.scenarios.js';
import { originScenarios } from './origins.scenarios.js';
import { privacyScenarios } from './privacy.scenarios.js';
import { SECURITY_SETTINGS, type SecurityTopology } from './security-topology.js';

/** The security claims in the distributed mode: session, matchmaking and two gateways as processes, one Redis. */
const cluster = new DistributedCluster(SECURITY_SETTINGS);
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
const output: string[] = [];
let topology: SecurityTopology;

beforeAll(async () => {
  await cluster.start(2);
  for (const app of cluster.apps) {
    output.push(...app.output);
    app.process.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    app.process.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  }
  const [g1, g2] = cluster.gateways;
  topology = {
    apiUrl: cluster.session.url,
    gatewayUrls: [g1.url, g2.url],
    jwtSecret: SECURITY_SETTINGS.JWT_SECRET,
    logs: () => output.join(''),
    redis: { client: redis, prefix: cluster.prefix },
    metricsUrls: [cluster.session.url, g1.url, g2.url],
  };
}, 60_000);

afterAll(async () => {
  await cluster.stopAll();
  await redis.quit();
});

authScenarios('distributed', () => topology);
originScenarios('distributed', () => topology);
limitScenarios('distributed', () => topology);
moderationScenarios('distributed', () => topology);
privacyScenarios('distributed', () => topology);
