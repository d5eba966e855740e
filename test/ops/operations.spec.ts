import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { JOIN_WAIT_FACTOR } from '@rendezvous/matchmaking';
import { TEST_SETTINGS } from '../socket/topology.js';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { eventually } from '../support/eventually.js';
import { GuestClient } from '../support/guest-client.js';
import { metricValue } from '../support/metrics.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** A short bus deadline, so the dead-matchmaking scenario's requests give up quickly. */
const BUS_TIMEOUT_MS = 1_500;
const cluster = new DistributedCluster({ ...TEST_SETTINGS, SHUTDOWN_DRAIN_MS: '3000', BUS_TIMEOUT_MS: String(BUS_TIMEOUT_MS) });

beforeAll(async () => {
  await cluster.start(2);
}, 60_000);

afterAll(async () => {
  await cluster.stopAll();
});

describe('operations of the distributed apps', () => {
  it('answers /health/live and /health/ready on every app once its own Redis answers', async () => {
    for (const app of cluster.apps) {
      expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
      const ready = await eventually(async () => {
        const response = await fetch(`${app.url}/health/ready`);
        if (response.status !== 200) throw new Error(`${app.name} not ready: ${await response.text()}`);
        return response.json() as Promise<{ status: string; info: Record<string, unknown> }>;
      }, 10_000);
      expect(ready.status).toBe('ok');
      // only the pod's own connection: never another service's health
      expect(Object.keys(ready.info)).toEqual(['redis']);
    }
  });

  it('serves Prometheus metrics named rendezvous_ on every app', async () => {
    const [g1, g2] = cluster.gateways;
    const a = await GuestClient.create(cluster.session.url, g1.url);
    const b = await GuestClient.create(cluster.session.url, g2.url);
    a.emit('match:join', {});
    b.emit('match:join', {});
    await a.waitFor('match:found');
    a.emit('chat:message', { text: 'metrics please' });
    a.emit('webrtc:offer', { offer: { type: 'offer', sdp: 'nope' }, type: 'audio' });
    await b.waitFor('chat:message');
    await a.waitFor('webrtc:error');
    const text = async (url: string) => (await fetch(`${url}/metrics`)).text();
    const gateway = await text(g1.url);
    expect(gateway).toMatch(/^rendezvous_connected_sockets 1$/m);
    expect(gateway).toMatch(/^rendezvous_relay_latency_seconds_count\{event="chat:message"\} 1$/m);
    expect(gateway).toMatch(/^rendezvous_errors_total\{code="INVALID_PAYLOAD"\} 1$/m);
    expect(gateway).toMatch(/^rendezvous_redis_command_duration_seconds_count\{command="[a-z]+"\} \d+$/m);
    expect(gateway).toMatch(/^process_resident_memory_bytes \d+/m);
    const matchmakingUrl = cluster.apps.find((app) => app.name === 'matchmaking')!.url;
    const matchmaking = await text(matchmakingUrl);
    expect(matchmaking).toMatch(/^rendezvous_matches_total 1$/m);
    expect(matchmaking).toMatch(/^rendezvous_time_to_match_seconds_count 2$/m);
    // the gauges come from Redis (the truth every matchmaking replica shares), refreshed by the sweep
    const waiting = await GuestClient.create(cluster.session.url, g2.url);
    waiting.emit('match:join', {});
    await waiting.waitFor('match:searching');
    await eventually(async () => {
      const now = await text(matchmakingUrl);
      expect(now).toMatch(/^rendezvous_queue_depth 1$/m);
      expect(now).toMatch(/^rendezvous_active_pairs 1$/m);
    }, 5_000, 100);
    a.emit('match:leave', {});
    waiting.emit('match:leave', {});
    await b.waitFor('match:ended');
    await eventually(async () => {
      const now = await text(matchmakingUrl);
      expect(now).toMatch(/^rendezvous_queue_depth 0$/m);
      expect(now).toMatch(/^rendezvous_active_pairs 0$/m);
    }, 5_000, 100);
    expect(await text(cluster.session.url)).toMatch(/^rendezvous_redis_command_duration_seconds_count\{command="[a-z]+"\} \d+$/m);
    a.close();
    b.close();
    waiting.close();
  });
});

describe('a dead matchmaking service', () => {
  const failuresOf = async (url: string, service: string) => {
    let total = 0;
    for (const reason of ['timeout', 'unreachable', 'error']) total += await metricValue(url, `rendezvous_bus_request_failures_total{service="${service}",reason="${reason}"}`);
    return total;
  };

  it('leaves the gateways and the session service ready; it shows in their metrics and in clear errors', async () => {
    const matchmaking = cluster.apps.find((app) => app.name === 'matchmaking')!;
    const callers = [cluster.session, ...cluster.gateways];
    for (const app of callers) expect(await failuresOf(app.url, 'matchmaking')).toBe(0);
    const guest = await GuestClient.create(cluster.session.url, cluster.gateways[0].url);
    const leaving = await GuestClient.create(cluster.session.url, cluster.gateways[1].url);
    expect(await cluster.stop(matchmaking, 'SIGKILL')).toBeNull();

    guest.emit('match:join', {});
    // Ending a session does not wait for matchmaking: its cleanup waits on the bus until a replica is back.
    const ended = await fetch(`${cluster.session.url}/api/sessions/me`, { method: 'DELETE', headers: { authorization: `Bearer ${leaving.session.token}` } });
    expect(ended.status).toBe(204);
    expect((await fetch(`${cluster.session.url}/api/sessions/me`, { headers: { authorization: `Bearer ${leaving.session.token}` } })).status).toBe(401);
    // A join waits for matchmaking (a restart passes unnoticed), then the guest is told.
    const error = await guest.waitFor('webrtc:error', (e) => e.event === 'match:join', BUS_TIMEOUT_MS * JOIN_WAIT_FACTOR + 5_000);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/matchmaking/) });

    expect(await failuresOf(cluster.gateways[0].url, 'matchmaking')).toBeGreaterThanOrEqual(1);
    expect(await failuresOf(cluster.session.url, 'matchmaking')).toBeGreaterThanOrEqual(1);
    expect(await failuresOf(cluster.gateways[0].url, 'session')).toBe(0);
    // probed past the bus deadline, as an orchestrator would keep probing: ready every time
    const until = Date.now() + BUS_TIMEOUT_MS + 500;
    do {
      for (const app of callers) {
        const ready = await fetch(`${app.url}/health/ready`);
        expect({ app: app.name, status: ready.status }).toEqual({ app: app.name, status: 200 });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    } while (Date.now() < until);
    // and they keep serving what needs no matchmaking: a new session, a new socket
    const newcomer = await GuestClient.create(cluster.session.url, cluster.gateways[1].url);
    expect(newcomer.socket.connected).toBe(true);
    for (const client of [guest, leaving, newcomer]) client.close();
  }, 30_000);
});

describe('metrics of the embedded mode', () => {
  const embedded = new DistributedCluster({ ...TEST_SETTINGS, WEB_DIST_PATH: '/nonexistent' });
  afterAll(async () => {
    await embedded.stopAll();
  });

  it('populates every rendezvous_ instrument from running code in one process', async () => {
    const app = await embedded.startApp('all-in-one', 'all-in-one', { REDIS_URL: '' });
    const a = await GuestClient.create(app.url, app.url);
    const b = await GuestClient.create(app.url, app.url);
    a.emit('match:join', {});
    b.emit('match:join', {});
    await a.waitFor('match:found');
    a.emit('chat:message', { text: 'hello' });
    await b.waitFor('chat:message');
    b.emit('chat:message', { text: 42 });
    await b.waitFor('webrtc:error');
    const metrics = await eventually(async () => {
      const text = await (await fetch(`${app.metricsUrl}/metrics`)).text();
      expect(text).toMatch(/^rendezvous_active_pairs 1$/m);
      return text;
    }, 5_000, 100);
    expect(metrics).toMatch(/^rendezvous_connected_sockets 2$/m);
    expect(metrics).toMatch(/^rendezvous_queue_depth 0$/m);
    expect(metrics).toMatch(/^rendezvous_matches_total 1$/m);
    expect(metrics).toMatch(/^rendezvous_time_to_match_seconds_count 2$/m);
    expect(metrics).toMatch(/^rendezvous_relay_latency_seconds_count\{event="chat:message"\} 2$/m);
    expect(metrics).toMatch(/^rendezvous_errors_total\{code="INVALID_PAYLOAD"\} 1$/m);
    expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds /m);
    a.close();
    b.close();
  });
});

describe('configuration at boot', () => {
  it('refuses to start with bad or missing variables, naming each, with a non-zero exit', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'dist/apps/gateway/src/main.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: 'abc', CALL_TIMEOUT_MS: '-1' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    for (const name of ['REDIS_URL', 'JWT_SECRET', 'PORT', 'CALL_TIMEOUT_MS']) expect(result.stderr).toContain(name);
  });
});
