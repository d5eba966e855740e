import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { inspectorUrl } from '../support/inspector.js';
import { closeLoopbackAgents } from '../support/loopback.js';
import { authScenarios } from './auth.scenarios.js';
import { fileDownloadScenarios } from './files.scenarios.js';
import { limitScenarios } from './limits.scenarios.js';
import { moderationScenarios } from './moderation.scenarios.js';
import { originScenarios, postWithHost } from './origins.scenarios.js';
import { privacyScenarios } from './privacy.scenarios.js';
import { proxyScenarios } from './proxy.scenarios.js';
import { connectOutcome } from './security-guests.js';
import { SECURITY_SETTINGS, type SecurityTopology } from './security-topology.js';

/**
 * The security claims in the embedded mode: the all-in-one process from dist/, in-memory stores, reached
 * directly (no proxy, so no X-Forwarded-For is trusted). One foreign origin is listed in CORS_ORIGINS here.
 * The harness's relaxed session and handshake limits are put back to their defaults: those are what is tested.
 */
const LISTED_ORIGIN = 'http://allowed.example';
const processes = new DistributedCluster({
  ...SECURITY_SETTINGS,
  CORS_ORIGINS: LISTED_ORIGIN,
  WEB_DIST_PATH: '/nonexistent',
  RATE_LIMIT_SESSION_CREATE: '',
  RATE_LIMIT_HANDSHAKE: '',
  RATE_LIMIT_HANDSHAKE_ADDRESS: '',
});
const output: string[] = [];
let topology: SecurityTopology;

beforeAll(async () => {
  const app = await processes.startApp('all-in-one', 'all-in-one', { REDIS_URL: '' });
  output.push(...app.output);
  app.process.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  app.process.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  topology = {
    apiUrl: app.url,
    gatewayUrls: [app.url, app.url],
    jwtSecret: SECURITY_SETTINGS.JWT_SECRET,
    logs: () => output.join(''),
    sessionInspector: () => inspectorUrl(app.output.join('')),
    metricsUrls: [app.metricsUrl],
    listedOrigin: LISTED_ORIGIN,
  };
}, 30_000);

afterAll(async () => {
  await processes.stopAll();
  await closeLoopbackAgents();
});

proxyScenarios('embedded, no proxy', () => topology);
authScenarios('embedded', () => topology);
originScenarios('embedded', () => topology);
limitScenarios('embedded', () => topology);
moderationScenarios('embedded', () => topology);
privacyScenarios('embedded', () => topology);
fileDownloadScenarios('embedded', () => topology);

describe('origin allowlist, default: embedded', () => {
  it('without CORS_ORIGINS answers the page\'s own origin only', async () => {
    const app = await processes.startApp('all-in-one', 'all-in-one-default', { REDIS_URL: '', CORS_ORIGINS: '' });
    const post = (origin: string) => fetch(`${app.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' });
    expect((await post(app.url)).status).toBe(201);
    expect((await post(LISTED_ORIGIN)).status).toBe(403);
    const { token } = (await (await post(app.url)).json()) as { token: string };
    expect(await connectOutcome(app.url, { token, origin: LISTED_ORIGIN })).not.toBe('connected');
    expect(await connectOutcome(app.url, { token, origin: app.url })).toBe('connected');
  });

  it('with PUBLIC_ORIGINS answers that origin as its own, and no other (not even its own address)', async () => {
    const app = await processes.startApp('all-in-one', 'all-in-one-public', { REDIS_URL: '', CORS_ORIGINS: '', PUBLIC_ORIGINS: 'http://chat.example.test' });
    expect((await postWithHost(app.url, 'chat.example.test', 'http://chat.example.test')).status).toBe(201);
    expect((await postWithHost(app.url, 'chat.example.test', 'https://chat.example.test')).status).toBe(403);
    expect((await postWithHost(app.url, new URL(app.url).host, app.url)).status).toBe(403);
  });
});
