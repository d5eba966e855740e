import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DistributedCluster, type RunningApp } from '../support/distributed-cluster.js';
import { eventually } from '../support/eventually.js';
import { FrontDoor } from '../support/front-door.js';
import { GuestClient } from '../support/guest-client.js';
import { HARNESS_APP_ENV } from '../support/harness-env.js';
import { metricValue } from '../support/metrics.js';
import { OwnRedisServer } from '../support/redis-server.js';

const redisServer = new OwnRedisServer();
let cluster: DistributedCluster;
let door: FrontDoor;
let draining: RunningApp;
let staying: RunningApp;
const guests: GuestClient[] = [];

beforeAll(async () => {
  await redisServer.start();
  cluster = new DistributedCluster({ ...HARNESS_APP_ENV, SHUTDOWN_SPREAD_MS: '1000', SHUTDOWN_DRAIN_MS: '3000' }, { redisUrl: redisServer.url });
  await cluster.start(2);
  [draining, staying] = cluster.gateways;
  door = await FrontDoor.start({ webRoot: '/nonexistent', apiUrl: cluster.session.url, gatewayUrls: [draining.url, staying.url] });
}, 60_000);

afterAll(async () => {
  guests.forEach((client) => client.close());
  await door?.close();
  await cluster?.stopAll();
  await redisServer.destroy();
});

describe('graceful SIGTERM of a gateway', () => {
  it('stops being ready, tells its clients to reconnect; they land on the other gateway with their pairs intact; exit 0', async () => {
    // Through the balancer, like browsers: the first socket lands on the draining gateway, the second on the other.
    const a = await GuestClient.create(door.url, door.url, { username: 'Leaving' }, { reconnect: true });
    const b = await GuestClient.create(door.url, door.url, { username: 'Staying' }, { reconnect: true });
    guests.push(a, b);
    expect(await metricValue(draining.url, 'rendezvous_connected_sockets')).toBe(1);
    expect(await metricValue(staying.url, 'rendezvous_connected_sockets')).toBe(1);
    a.emit('match:join', {});
    await a.waitFor('match:searching');
    b.emit('match:join', {});
    await a.waitFor('match:found');

    // A client that ignores server:reconnect: sent away second, at the end of the spread (keeping the gateway up till then).
    const bystander = await GuestClient.create(door.url, draining.url, { username: 'Ignoring' });
    guests.push(bystander);

    const exit = cluster.stop(draining, 'SIGTERM');
    expect(await a.waitFor('server:reconnect')).toEqual({ reason: 'shutdown' });
    expect((await fetch(`${draining.url}/health/ready`)).status).toBe(503);
    expect(await bystander.waitFor('server:reconnect', () => true, 5_000)).toEqual({ reason: 'shutdown' });
    await eventually(async () => !bystander.socket.connected, 5_000, 50);

    expect(await a.waitFor('match:found', (found) => found.restored === true, 10_000)).toMatchObject({ partner: { id: b.id } });
    await eventually(async () => (await metricValue(staying.url, 'rendezvous_connected_sockets')) === 2, 5_000, 100);
    a.emit('chat:message', { text: 'still paired' });
    expect((await b.waitFor('chat:message')).text).toBe('still paired');
    b.emit('chat:message', { text: 'still here' });
    expect((await a.waitFor('chat:message')).text).toBe('still here');
    expect(b.eventsNamed('match:ended')).toEqual([]);
    expect(a.eventsNamed('match:ended')).toEqual([]);

    expect(await exit).toBe(0);
    expect(cluster.exited().map((app) => app.name)).toEqual([draining.name]);
  }, 60_000);
});
