import { afterAll, beforeAll } from '@jest/globals';
import { Redis } from 'ioredis';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { inspectorUrl } from '../support/inspector.js';
import { TEST_REDIS_URL } from '../support/test-redis.js';
import { Guests } from './security-guests.js';
import { authScenarios } from './auth.scenarios.js';
import { fileDownloadScenarios } from './files.scenarios.js';
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
    sessionInspector: () => inspectorUrl(cluster.session.output.join('')),
    metricsUrls: [cluster.session.url, g1.url, g2.url],
  };
  await warmUp();
}, 90_000);

/** A freshly started cluster on a busy machine can take a moment before both gateways hear Redis: wait until a cross-gateway pairing works. */
async function warmUp(): Promise<void> {
  const guests = new Guests(() => topology);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await guests.pair();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the cluster never paired two guests across its gateways: ${String(error)}\n${cluster.logs().slice(-4000)}`);
    } finally {
      guests.closeAll();
    }
  }
}

afterAll(async () => {
  await cluster.stopAll();
  await redis.quit();
});

authScenarios('distributed', () => topology);
originScenarios('distributed', () => topology);
limitScenarios('distributed', () => topology);
moderationScenarios('distributed', () => topology);
privacyScenarios('distributed', () => topology);
fileDownloadScenarios('distributed', () => topology);
