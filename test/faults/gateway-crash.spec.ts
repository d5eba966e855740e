import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { DistributedCluster, type RunningApp } from '../support/distributed-cluster.js';
import { eventually, sleep } from '../support/eventually.js';
import { FrontDoor } from '../support/front-door.js';
import { GuestClient, sdp } from '../support/guest-client.js';
import { HARNESS_APP_ENV } from '../support/harness-env.js';
import { queuedInRedis } from '../support/matchmaking-state.js';
import { OwnRedisServer } from '../support/redis-server.js';

/** The spec's windows, which this file runs with (they are also the defaults). */
const GRACE_MS = 20_000;
const GATEWAY_TTL_MS = 15_000;
/** Slack for one matchmaking sweep (500 ms) and a loaded machine on top of a window. */
const SLACK_MS = 2_500;

const redisServer = new OwnRedisServer();
let cluster: DistributedCluster;
let door: FrontDoor;
let redis: Redis;
let victim: RunningApp;
let survivor: RunningApp;
const guests: GuestClient[] = [];
let killedAt = 0;

/** Cut off by the crash and coming back through the load balancer. */
let returning: GuestClient;
let returningPartner: GuestClient;
/** Cut off by the crash and never coming back. */
let vanished: GuestClient;
let vanishedPartner: GuestClient;
/** Searching on the crashed gateway, never coming back. */
let ghost: GuestClient;
/** Joins on the surviving gateway right after the crash. */
let lateJoiner: GuestClient;
let ghostLeftQueueAt: Promise<number>;

async function guest(gateway: RunningApp, username: string): Promise<GuestClient> {
  const client = await GuestClient.create(cluster.session.url, gateway.url, { username });
  guests.push(client);
  return client;
}

async function pair(a: GuestClient, b: GuestClient): Promise<void> {
  a.emit('match:join', {});
  await a.waitFor('match:searching');
  b.emit('match:join', {});
  expect((await a.waitFor('match:found')).partner.id).toBe(b.id);
  expect((await b.waitFor('match:found')).partner.id).toBe(a.id);
}

async function queued(guestId: string): Promise<boolean> {
  return queuedInRedis(redis, cluster.prefix, guestId);
}

beforeAll(async () => {
  await redisServer.start();
  redis = redisServer.client();
  cluster = new DistributedCluster({ ...HARNESS_APP_ENV, RECONNECT_GRACE_MS: String(GRACE_MS), GATEWAY_TTL_MS: String(GATEWAY_TTL_MS), GATEWAY_HEARTBEAT_MS: '5000' }, { redisUrl: redisServer.url });
  await cluster.start(2);
  [victim, survivor] = cluster.gateways;
  door = await FrontDoor.start({ webRoot: '/nonexistent', apiUrl: cluster.session.url, gatewayUrls: [victim.url, survivor.url] });

  returning = await guest(victim, 'Returning');
  returningPartner = await guest(survivor, 'ReturningPartner');
  await pair(returning, returningPartner);
  vanished = await guest(victim, 'Vanished');
  vanishedPartner = await guest(survivor, 'VanishedPartner');
  await pair(vanished, vanishedPartner);
  ghost = await guest(victim, 'Ghost');
  ghost.emit('match:join', {});
  await ghost.waitFor('match:searching');
  lateJoiner = await guest(survivor, 'LateJoiner');

  await cluster.stop(victim, 'SIGKILL');
  killedAt = Date.now();
  lateJoiner.emit('match:join', {});
  ghostLeftQueueAt = eventually(async () => !(await queued(ghost.id)) && Date.now(), GATEWAY_TTL_MS + SLACK_MS + 5_000, 100).then(Number);
}, 90_000);

afterAll(async () => {
  guests.forEach((client) => client.close());
  await door?.close();
  await redis?.quit();
  await cluster?.stopAll();
  await redisServer.destroy();
});

describe('kill -9 of a gateway in the middle of calls', () => {
  it('drops the crashed gateway’s searching guests from the queue within 15 s, and never matches anyone with them', async () => {
    const leftAt = await ghostLeftQueueAt;
    expect(leftAt - killedAt).toBeLessThanOrEqual(GATEWAY_TTL_MS + SLACK_MS);
    expect(await queued(lateJoiner.id)).toBe(true);
    expect(lateJoiner.eventsNamed('match:found')).toEqual([]);

    // Matching still works for the living: a newcomer gets the late joiner.
    const newcomer = await guest(survivor, 'Newcomer');
    newcomer.emit('match:join', {});
    expect((await lateJoiner.waitFor('match:found')).partner.id).toBe(newcomer.id);
    expect(lateJoiner.eventsNamed('match:found')).toHaveLength(1);
  });

  it('tells the partner, lets the cut-off guest come back through the surviving gateway within the window, and restores the pairing', async () => {
    const reconnecting = await returningPartner.waitFor('match:partner-reconnecting', () => true, GATEWAY_TTL_MS + SLACK_MS);
    expect(reconnecting).toEqual({ graceMs: GRACE_MS });
    expect(returningPartner.eventsNamed('match:ended')).toEqual([]);

    returning.clear();
    await returning.connect(door.url); // the balancer skips the dead gateway
    expect(await returning.waitFor('match:found')).toMatchObject({ partner: { id: returningPartner.id }, restored: true });
    await returningPartner.waitFor('match:partner-reconnected');
    expect(returningPartner.arrivalOf('match:partner-reconnected')! - returningPartner.arrivalOf('match:partner-reconnecting')!).toBeLessThan(GRACE_MS);

    // Renegotiation over the restored pairing: offer and answer both get through.
    returning.emit('webrtc:offer', { offer: sdp('offer', 'after-crash'), type: 'video' });
    expect((await returningPartner.waitFor('webrtc:offer')).offer).toEqual(sdp('offer', 'after-crash'));
    returningPartner.emit('webrtc:answer', { answer: sdp('answer', 'after-crash') });
    expect((await returning.waitFor('webrtc:answer')).answer).toEqual(sdp('answer', 'after-crash'));
    returningPartner.emit('chat:message', { text: 'welcome back' });
    expect((await returning.waitFor('chat:message')).text).toBe('welcome back');
    expect(returningPartner.eventsNamed('match:ended')).toEqual([]);
  }, 60_000);

  it('ends the pairing with partner-disconnected when the cut-off guest does not come back within the window', async () => {
    await vanishedPartner.waitFor('match:partner-reconnecting', () => true, GATEWAY_TTL_MS + SLACK_MS);
    const ended = await vanishedPartner.waitFor('match:ended', () => true, GRACE_MS + GATEWAY_TTL_MS + SLACK_MS);
    expect(ended).toEqual({ reason: 'partner-disconnected' });
    const waited = vanishedPartner.arrivalOf('match:ended')! - vanishedPartner.arrivalOf('match:partner-reconnecting')!;
    expect(waited).toBeGreaterThanOrEqual(GRACE_MS - 1_000);

    vanishedPartner.emit('chat:message', { text: 'anyone?' });
    expect(await vanishedPartner.waitFor('webrtc:error')).toMatchObject({ code: 'NOT_CONNECTED' });
  }, 60_000);

  it('keeps every other process running', async () => {
    await sleep(100);
    expect(cluster.exited().map((app) => app.name)).toEqual([victim.name]);
  });
});
