import { afterAll, beforeAll } from '@jest/globals';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { sessionApiScenarios } from './session-api.scenarios.js';
import { signalingScenarios } from './signaling.scenarios.js';
import { TEST_SETTINGS, type Topology } from './topology.js';

const cluster = new DistributedCluster({ ...TEST_SETTINGS, LOG_LEVEL: 'warn' });
let topology: Topology;

beforeAll(async () => {
  await cluster.start(2);
  const [g1, g2] = cluster.gateways;
  topology = {
    apiUrl: cluster.session.url,
    gatewayUrls: [g1.url, g2.url],
    jwtSecret: TEST_SETTINGS.JWT_SECRET,
    callTimeoutMs: Number(TEST_SETTINGS.CALL_TIMEOUT_MS),
    reconnectGraceMs: Number(TEST_SETTINGS.RECONNECT_GRACE_MS),
  };
}, 60_000);

afterAll(async () => {
  await cluster.stopAll();
});

sessionApiScenarios('distributed', () => topology);
signalingScenarios('distributed (session, matchmaking and two gateways as processes, one Redis)', () => topology);
