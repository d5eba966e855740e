import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@rendezvous/config';
import { createAllInOneApp } from '../../apps/all-in-one/src/create-all-in-one-app.js';
import { sessionApiScenarios } from './session-api.scenarios.js';
import { signalingScenarios } from './signaling.scenarios.js';
import { TEST_SETTINGS, type Topology } from './topology.js';

let app: INestApplication;
let topology: Topology;

beforeAll(async () => {
  const config = loadConfig('all-in-one', { ...TEST_SETTINGS, PORT: '0', HOST: '127.0.0.1', WEB_DIST_PATH: '/nonexistent' });
  app = await createAllInOneApp(config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  topology = {
    apiUrl: url,
    gatewayUrls: [url, url],
    jwtSecret: TEST_SETTINGS.JWT_SECRET,
    callTimeoutMs: config.callTimeoutMs,
    reconnectGraceMs: config.reconnectGraceMs,
  };
});

afterAll(async () => {
  await app?.close();
});

sessionApiScenarios('embedded', () => topology);
signalingScenarios('embedded (one process, in-memory stores)', () => topology);

describe('embedded operations', () => {
  it('serves /health/live, /health/ready and /metrics on the same port', async () => {
    expect((await fetch(`${topology.apiUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${topology.apiUrl}/health/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${topology.apiUrl}/metrics`)).text();
    expect(metrics).toMatch(/^rendezvous_connected_sockets \d+$/m);
    expect(metrics).toMatch(/^rendezvous_matches_total \d+$/m);
  });
});
