import { afterAll, beforeAll } from '@jest/globals';
import { Redis } from 'ioredis';
import { startCluster, type Cluster } from '../../scripts/cluster.mjs';
import { inspectorUrl } from '../support/inspector.js';
import { closeLoopbackAgents } from '../support/loopback.js';
import { TEST_REDIS_URL } from '../support/test-redis.js';
import { authScenarios } from './auth.scenarios.js';
import { fileDownloadScenarios } from './files.scenarios.js';
import { limitScenarios } from './limits.scenarios.js';
import { moderationScenarios } from './moderation.scenarios.js';
import { originScenarios } from './origins.scenarios.js';
import { privacyScenarios } from './privacy.scenarios.js';
import { proxyScenarios } from './proxy.scenarios.js';
import { Guests } from './security-guests.js';
import { SECURITY_SETTINGS, type SecurityTopology } from './security-topology.js';

/**
 * The security claims in the distributed mode as it ships: session, matchmaking and two gateways as
 * processes behind nginx from deploy/nginx/rendezvous.conf.template (scripts/cluster.mjs), one Redis.
 * Guests reach a given gateway through that gateway's own nginx entrance (the same template).
 */
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
const output: string[] = [];
const sessionOutput: string[] = [];
let cluster: Cluster;
let topology: SecurityTopology;

beforeAll(async () => {
  cluster = await startCluster({ gateways: 2, entrances: true, env: SECURITY_SETTINGS, redisUrl: TEST_REDIS_URL, onOutput: (name, text) => {
      output.push(text);
      if (name === 'session') sessionOutput.push(text);
    },
  });
  const [door1, door2] = cluster.entrances;
  topology = {
    apiUrl: cluster.url,
    gatewayUrls: [door1.url, door2.url],
    jwtSecret: cluster.env.JWT_SECRET!,
    logs: () => output.join(''),
    redis: { client: redis, prefix: cluster.prefix },
    metricsUrls: cluster.apps.filter((app) => app.name !== 'matchmaking').map((app) => app.url),
    sessionInspector: () => inspectorUrl(sessionOutput.join('')),
    accessLog: cluster.nginx.accessLog,
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
  await cluster?.stop();
  await redis.quit();
  await closeLoopbackAgents();
});

proxyScenarios('distributed, behind nginx', () => topology);
authScenarios('distributed', () => topology);
originScenarios('distributed', () => topology);
limitScenarios('distributed', () => topology);
moderationScenarios('distributed', () => topology);
privacyScenarios('distributed', () => topology);
fileDownloadScenarios('distributed', () => topology);
