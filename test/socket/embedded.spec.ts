import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DistributedCluster, type RunningApp } from '../support/distributed-cluster.js';
import { fileSharingScenarios } from './files.scenarios.js';
import { sessionApiScenarios } from './session-api.scenarios.js';
import { signalingScenarios } from './signaling.scenarios.js';
import { TEST_SETTINGS, testTopology, type Topology } from './topology.js';

/** The embedded mode exactly as `npm start` runs it: one process from dist/, no Redis. */
const processes = new DistributedCluster({ ...TEST_SETTINGS, WEB_DIST_PATH: '/nonexistent' });
let topology: Topology;
let app: RunningApp;

beforeAll(async () => {
  app = await processes.startApp('all-in-one', 'all-in-one', { REDIS_URL: '' });
  topology = testTopology(app.url, [app.url, app.url]);
}, 30_000);

afterAll(async () => {
  await processes.stopAll();
});

sessionApiScenarios('embedded', () => topology);
signalingScenarios('embedded (one process, in-memory stores)', () => topology);
fileSharingScenarios('embedded', () => topology);

describe('embedded operations', () => {
  it('serves /health/live and /health/ready on its port, and /metrics only on METRICS_PORT, never on the public port', async () => {
    expect((await fetch(`${topology.apiUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${topology.apiUrl}/health/ready`)).status).toBe(200);
    expect((await fetch(`${topology.apiUrl}/metrics`)).status).toBe(404);
    expect(app.metricsUrl).not.toBe(app.url);
    const metrics = await (await fetch(`${app.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^rendezvous_connected_sockets \d+$/m);
    expect(metrics).toMatch(/^rendezvous_matches_total \d+$/m);
    expect((await fetch(`${app.metricsUrl}/api/sessions`, { method: 'POST' })).status).toBe(404);
  });

  it('without METRICS_PORT serves no /metrics at all', async () => {
    const plain = await processes.startApp('all-in-one', 'all-in-one-no-metrics', { REDIS_URL: '', METRICS_PORT: '' });
    expect((await fetch(`${plain.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${plain.url}/metrics`)).status).toBe(404);
  });
});
