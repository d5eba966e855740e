import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { eventually } from '../../../../test/support/eventually.js';
import { freePort } from '../../../../test/support/free-port.js';
import { TEST_REDIS_URL } from '../../../../test/support/test-redis.js';
import { redisEmitterNotifier } from './redis-emitter.notifier.js';
import { guestRoom, pairRoom } from './rooms.js';
import type { BroadcastNotifier } from './socket-server.notifier.js';

/** Two real Socket.IO servers on the sharded adapter; the notifier runs outside both, as in the matchmaking app. */
const channel = `rdvtest:${randomBytes(4).toString('hex')}:socket.io`;
const redisClients: Redis[] = [];
const servers: Server[] = [];
const clients: Socket[] = [];
let notifier: BroadcastNotifier;

function redis(): Redis {
  const client = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, enableReadyCheck: false });
  redisClients.push(client);
  return client;
}

async function startServer(): Promise<{ server: Server; url: string }> {
  const http = createServer();
  const server = new Server(http, { adapter: createShardedAdapter(redis(), redis(), { channelPrefix: channel }) });
  server.on('connection', (socket: ServerSocket) => socket.join(guestRoom(String(socket.handshake.auth.guest))));
  const port = await freePort();
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  servers.push(server);
  return { server, url: `http://127.0.0.1:${port}` };
}

async function connect(url: string, guest: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], auth: { guest }, reconnection: false });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
  return socket;
}

function next(socket: Socket, event: string): Promise<unknown[]> {
  return new Promise((resolve) => socket.once(event, (...args: unknown[]) => resolve(args)));
}

let one: { server: Server; url: string };
let two: { server: Server; url: string };

beforeAll(async () => {
  one = await startServer();
  two = await startServer();
  notifier = redisEmitterNotifier(redis(), channel, true);
});

afterAll(async () => {
  for (const socket of clients) socket.close();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await Promise.all(redisClients.map((client) => client.quit()));
});

describe('the sharded emitter with createShardedAdapter', () => {
  it('reaches a guest on either server through its guest room, and nobody else', async () => {
    const alice = await connect(one.url, 'alice');
    const bob = await connect(two.url, 'bob');
    const stray: unknown[] = [];
    alice.on('match:searching', (...args) => stray.push(args));
    const got = next(bob, 'match:searching');
    // the room subscription (SSUBSCRIBE) of a just-joined socket may still be on its way: retry until it lands
    await eventually(async () => {
      notifier.emit('bob', 'match:searching', {});
      await Promise.race([got, new Promise((_, reject) => setTimeout(() => reject(new Error('not yet')), 200))]);
    }, 5_000, 0);
    expect(await got).toEqual([{}]);
    expect(stray).toEqual([]);
  });

  it('puts the sockets of two guests on two servers in a pair room, takes them out, and disconnects a guest', async () => {
    const carol = await connect(one.url, 'carol');
    const dave = await connect(two.url, 'dave');
    notifier.joinPair(['carol', 'dave'], 'p1');
    await eventually(async () => {
      const rooms = await Promise.all([one.server.in(pairRoom('p1')).fetchSockets(), two.server.in(pairRoom('p1')).fetchSockets()]);
      expect(rooms.map((sockets) => sockets.length)).toEqual([1, 1]);
    }, 5_000, 50);
    const toDave = next(dave, 'chat:message');
    one.server.to(pairRoom('p1')).except(guestRoom('carol')).emit('chat:message', { text: 'hi' });
    expect(await toDave).toEqual([{ text: 'hi' }]);

    notifier.leavePair('p1');
    await eventually(async () => {
      expect((await one.server.in(pairRoom('p1')).fetchSockets()).length + (await two.server.in(pairRoom('p1')).fetchSockets()).length).toBe(0);
    }, 5_000, 50);

    const gone = next(dave, 'disconnect');
    notifier.disconnect('dave');
    expect(await gone).toEqual(['io server disconnect', undefined]);
    expect(carol.connected).toBe(true);
  });
});
