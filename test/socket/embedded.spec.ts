import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { fileSharingScenarios } from './files.scenarios.js';
import { sessionApiScenarios } from './session-api.scenarios.js';
import { signalingScenarios } from './signaling.scenarios.js';
import { TEST_SETTINGS, testTopology, type Topology } from './topology.js';

/** The embedded mode exactly as `npm start` runs it: one process from dist/, no Redis. */
const processes = new DistributedCluster({ ...TEST_SETTINGS, WEB_DIST_PATH: '/nonexistent' });
let topology: Topology;

beforeAll(async () => {
  const app = await processes.startApp('all-in-one', 'all-in-one', { REDIS_URL: '' });
  topology = testTopology(app.url, [app.url, app.url]);
}, 30_000);

afterAll(async () => {
  await processes.stopAll();
});

sessionApiScenarios('embedded', () => topology);
signalingScenarios('embedded (one process, in-memory stores)', () => topology);
fileSharingScenarios('embedded', () => topology);

describe('embedded operations', () => {
  it('serves /health/live, /health/ready and /metrics on the same port', async () => {
    expect((await fetch(`${topology.apiUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${topology.apiUrl}/health/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${topology.apiUrl}/metrics`)).text();
    expect(metrics).toMatch(/^rendezvous_connected_sockets \d+$/m);
    expect(metrics).toMatch(/^rendezvous_matches_total \d+$/m);
  });
});
