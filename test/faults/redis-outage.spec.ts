import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SessionResponse } from '@rendezvous/contracts';
import { io } from 'socket.io-client';
import { DistributedCluster, type RunningApp } from '../support/distributed-cluster.js';
import { eventually, sleep } from '../support/eventually.js';
import { createSession, GuestClient } from '../support/guest-client.js';
import { HARNESS_APP_ENV } from '../support/harness-env.js';
import { OwnRedisServer } from '../support/redis-server.js';

/** The spec's window for matching again once Redis is back. */
const BACK_WITHIN_MS = 5_000;
/** A request in flight must be answered, with an error, well before this (BUS_TIMEOUT_MS is 5 s). */
const ANSWER_BOUND_MS = 15_000;
/**
 * How long Redis stays away at least: past the moment clients give up on commands queued when it went
 * (Nest's bus clients retry 20 times, 500 ms apart) — a rejection nobody handles then would end a process.
 */
const OUTAGE_MS = 16_000;

const redisServer = new OwnRedisServer();
let cluster: DistributedCluster;
let gateways: RunningApp[];
const guests: GuestClient[] = [];

async function guest(gateway: RunningApp, username: string): Promise<GuestClient> {
  const client = await GuestClient.create(cluster.session.url, gateway.url, { username });
  guests.push(client);
  return client;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${cluster.session.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(ANSWER_BOUND_MS),
  });
}

/** Two brand-new guests, on different gateways, get matched (with each other, or a guest of an overlapping attempt); throws otherwise. */
async function newPairMatches(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(0, deadline - Date.now());
  const created: GuestClient[] = [];
  try {
    for (const gateway of gateways) {
      const response = await fetch(`${cluster.session.url}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(left()),
      });
      if (response.status !== 201) throw new Error(`POST /api/sessions → ${response.status}`);
      const client = await GuestClient.fromSession((await response.json()) as SessionResponse, gateway.url);
      created.push(client);
      client.emit('match:join', {});
    }
    for (const client of created) await client.waitFor('match:found', () => true, left());
  } finally {
    created.forEach((client) => client.close());
  }
}

beforeAll(async () => {
  await redisServer.start();
  cluster = new DistributedCluster({ ...HARNESS_APP_ENV }, { redisUrl: redisServer.url });
  await cluster.start(2);
  gateways = cluster.gateways;
}, 60_000);

afterAll(async () => {
  guests.forEach((client) => client.close());
  await cluster?.stopAll();
  await redisServer.destroy();
});

describe('Redis stopped and restarted', () => {
  let idle: GuestClient;
  let paired: [GuestClient, GuestClient];
  let restartedAt = 0;
  let stoppedAt = 0;

  beforeAll(async () => {
    idle = await guest(gateways[0], 'Idle');
    paired = [await guest(gateways[0], 'PairA'), await guest(gateways[1], 'PairB')];
    paired[0].emit('match:join', {});
    await paired[0].waitFor('match:searching');
    paired[1].emit('match:join', {});
    await paired[0].waitFor('match:found');
    await redisServer.stop();
    stoppedAt = Date.now();
  }, 30_000);

  it('answers socket requests in flight with SERVICE_UNAVAILABLE and a message, not silence', async () => {
    idle.emit('match:join', {});
    paired[1].emit('match:next', {});
    for (const [client, event] of [[idle, 'match:join'], [paired[1], 'match:next']] as const) {
      const error = await client.waitFor('webrtc:error', (e) => e.event === event, ANSWER_BOUND_MS);
      expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(error.message).toMatch(/\w+/);
    }
  }, 40_000);

  it('answers REST requests with 503 and a message, not a hang', async () => {
    const created = await post('/api/sessions', {});
    expect(created.status).toBe(503);
    expect(await created.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/\w+/) });

    const refreshed = await post('/api/sessions/refresh', {}, { authorization: `Bearer ${idle.session.token}` });
    expect(refreshed.status).toBe(503);
    expect(await refreshed.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });

    for (const app of cluster.apps) {
      const ready = await fetch(`${app.url}/health/ready`, { signal: AbortSignal.timeout(ANSWER_BOUND_MS) });
      expect(ready.status).toBe(503);
    }
  }, 60_000);

  it('refuses a new socket with a clear connect_error, not a hang', async () => {
    const socket = io(gateways[1].url, { auth: { token: idle.session.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const message = await new Promise<string>((resolve, reject) => {
        socket.once('connect', () => reject(new Error('connected while Redis is down')));
        socket.once('connect_error', (error) => resolve(error.message));
      });
      expect(message).toMatch(/unreachable|did not answer|try again/i);
    } finally {
      socket.close();
    }
  }, 30_000);

  it('keeps every process running through the outage', async () => {
    paired[0].emit('chat:message', { text: 'into the void' }); // a relay across gateways publishes to the missing Redis
    await sleep(Math.max(1_000, stoppedAt + OUTAGE_MS - Date.now()));
    expect(cluster.exited().map((app) => `${app.name} exited; its last words: ${app.output.join('').slice(-4_000)}`)).toEqual([]);
    for (const app of cluster.apps) expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
  }, 30_000);

  it('matches new guests within 5 s of Redis returning', async () => {
    await redisServer.start();
    restartedAt = Date.now();
    // A new attempt every 500 ms, each with fresh guests; the first to succeed tells when matching works again.
    const attempts: Promise<number>[] = [];
    let succeeded = false;
    while (!succeeded && Date.now() - restartedAt < BACK_WITHIN_MS + 10_000) {
      attempts.push(
        newPairMatches(BACK_WITHIN_MS).then(() => {
          succeeded = true;
          return Date.now();
        }),
      );
      attempts.at(-1)!.catch(() => undefined);
      await sleep(500);
    }
    const firstMatch = Math.min(...(await Promise.allSettled(attempts)).flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
    console.log(`first new match ${firstMatch - restartedAt} ms after Redis was back`);
    expect(firstMatch - restartedAt).toBeLessThanOrEqual(BACK_WITHIN_MS);
  }, 60_000);

  it('serves the guests that were connected throughout — to their new partner only — and every app is ready again', async () => {
    idle.clear();
    const [a, formerPartner] = paired; // their pairing went with Redis's data
    a.clear();
    formerPartner.clear();
    idle.emit('match:join', {});
    await idle.waitFor('match:searching', () => true, ANSWER_BOUND_MS);
    a.emit('match:join', {});
    expect((await idle.waitFor('match:found', () => true, ANSWER_BOUND_MS)).partner.id).toBe(a.id);
    a.emit('chat:message', { text: 'back again' });
    expect((await idle.waitFor('chat:message')).text).toBe('back again');
    expect(formerPartner.eventsNamed('chat:message')).toEqual([]);

    expect((await createSession(cluster.session.url)).token).toEqual(expect.any(String));
    for (const app of cluster.apps) {
      await eventually(async () => (await fetch(`${app.url}/health/ready`)).status === 200, 10_000, 200);
    }
    expect(cluster.exited().map((app) => app.name)).toEqual([]);
  }, 40_000);
});
