import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, redisAnswers, startCluster, type Cluster } from '../../scripts/cluster.mjs';
import { TEST_SETTINGS } from '../socket/topology.js';
import { eventually } from '../support/eventually.js';
import { GuestClient } from '../support/guest-client.js';
import { TEST_REDIS_URL } from '../support/test-redis.js';

/** `npm run start:cluster` as the distributed e2e and fault tests use it: real processes behind Debian's nginx. */
const webRoot = mkdtempSync(join(tmpdir(), 'rdv-web-'));
writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Rendezvous</title><rdv-root></rdv-root>');
const clusters: Cluster[] = [];
const guests: GuestClient[] = [];

afterAll(async () => {
  for (const guest of guests) guest.close();
  await Promise.all(clusters.map((cluster) => cluster.stop()));
  rmSync(webRoot, { recursive: true, force: true });
});

async function boot(env: Record<string, string> = {}, gateways = 2): Promise<Cluster> {
  const cluster = await startCluster({ gateways, webRoot, redisUrl: TEST_REDIS_URL, env: { ...TEST_SETTINGS, SHUTDOWN_DRAIN_MS: '300', ...env } });
  clusters.push(cluster);
  return cluster;
}

async function guest(cluster: Cluster): Promise<GuestClient> {
  const client = await GuestClient.create(cluster.url, cluster.url);
  guests.push(client);
  return client;
}

async function connectedPerGateway(cluster: Cluster): Promise<number[]> {
  return Promise.all(
    cluster.gateways.map(async (gateway) => {
      const text = await (await fetch(`${gateway.url}/metrics`)).text();
      return Number(/^rendezvous_connected_sockets (\d+)$/m.exec(text)?.[1] ?? 'NaN');
    }),
  );
}

/** Two guests through nginx, one on each gateway, matched, talking, then gone. */
async function pairAcrossGateways(cluster: Cluster): Promise<void> {
  const a = await guest(cluster);
  const b = await guest(cluster);
  expect(await connectedPerGateway(cluster)).toEqual([1, 1]);
  a.emit('match:join', {});
  b.emit('match:join', {});
  expect(await a.waitFor('match:found')).toMatchObject({ partner: { id: b.id } });
  expect(await b.waitFor('match:found')).toMatchObject({ partner: { id: a.id } });
  a.emit('chat:message', { text: 'through nginx' });
  expect((await b.waitFor('chat:message')).text).toBe('through nginx');
  a.close();
  b.close();
  await eventually(async () => expect(await connectedPerGateway(cluster)).toEqual([0, 0]), 5_000, 100);
}

describe('startCluster (npm run start:cluster)', () => {
  it('boots session, matchmaking and two gateways behind nginx, which serves the web app and routes /api, /health and /socket.io', async () => {
    const cluster = await boot();
    expect(cluster.apps.map((app) => app.name)).toEqual(['session', 'matchmaking', 'gateway-1', 'gateway-2']);
    expect(new Set(cluster.apps.map((app) => app.pid)).size).toBe(4);

    const page = await fetch(`${cluster.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<rdv-root>');
    expect(await (await fetch(`${cluster.url}/chat/some-client-route`)).text()).toContain('<rdv-root>');
    expect((await fetch(`${cluster.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${cluster.url}/metrics`)).status).toBe(404);
    const refused = await fetch(`${cluster.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"bogus":1}' });
    expect(refused.status).toBe(400);

    await pairAcrossGateways(cluster);
    const log = readFileSync(cluster.nginx.accessLog, 'utf8');
    expect(log).toMatch(/"POST \/api\/sessions HTTP\/1\.1" 201 \d+ [\d.]+ id=[0-9a-f]{32} upstream=127\.0\.0\.1:\d+/);
  }, 90_000);

  it('keeps serving through nginx when a gateway is killed, and takes it back after restart', async () => {
    const cluster = clusters[0];
    const [first, second] = cluster.gateways;
    expect(await first.kill('SIGKILL')).toBe('SIGKILL');
    // nginx passes a failed handshake on to the next gateway
    const survivors = await Promise.all([guest(cluster), guest(cluster)]);
    expect(await connectedPerGateway({ gateways: [second] } as Cluster)).toEqual([2]);
    for (const client of survivors) client.close();
    const pid = first.pid;
    await first.restart();
    expect(first.pid).not.toBe(pid);
    expect((await fetch(`${first.url}/health/ready`)).status).toBe(200);
    await eventually(async () => expect(await connectedPerGateway(cluster)).toEqual([0, 0]), 5_000, 100);
  }, 60_000);

  it('runs the sharded socket.io adapter (SOCKET_ADAPTER=redis-sharded) end to end, on a redis-server of its own when none answers', async () => {
    const dead = `redis://127.0.0.1:${await freePort()}`;
    const cluster = await startCluster({ gateways: 2, webRoot, redisUrl: dead, env: { ...TEST_SETTINGS, SHUTDOWN_DRAIN_MS: '300', SOCKET_ADAPTER: 'redis-sharded' } });
    clusters.push(cluster);
    expect(cluster.ownRedis).toBe(true);
    expect(cluster.redisUrl).not.toBe(dead);
    await pairAcrossGateways(cluster);
    await cluster.stop();
    expect(await redisAnswers(cluster.redisUrl)).toBe(false);
  }, 90_000);

  it('stops every process it started and leaves no key of its run in Redis', async () => {
    const cluster = await boot({}, 1);
    expect(cluster.ownRedis).toBe(false);
    const redisKeysDuringRun = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    const client = await guest(cluster);
    expect((await redisKeysDuringRun.keys(`${cluster.prefix}*`)).length).toBeGreaterThan(0);
    await redisKeysDuringRun.quit();
    const pids = [...cluster.apps.map((app) => app.pid), cluster.nginx.pid];
    client.close();
    await cluster.stop();
    for (const pid of pids) expect(() => process.kill(pid!, 0)).toThrow();
    await expect(fetch(cluster.url)).rejects.toThrow();
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      expect(await redis.keys(`${cluster.prefix}*`)).toEqual([]);
    } finally {
      await redis.quit();
    }
  }, 60_000);
});
