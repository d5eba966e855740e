import { afterAll } from '@jest/globals';
import type { SocketAdapterKind } from '@rendezvous/config';
import { createRedisIoAdapter, roomSubscribed } from '@rendezvous/signaling';
import { createServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { eventually } from '../../../../test/support/eventually.js';
import { freePort } from '../../../../test/support/free-port.js';
import { TestRedis } from '../../../../test/support/test-redis.js';
import { guestNotifierContract, type GuestNotifierSubject } from './guest-notifier.contract.js';
import { redisEmitterNotifier } from './redis-emitter.notifier.js';
import { guestRoom } from './rooms.js';
import { serverNotifier } from './socket-server.notifier.js';

const single = new TestRedis('single');
const cluster = new TestRedis('cluster');
afterAll(() => Promise.all([single.close(), cluster.close()]));

/**
 * A gateway stand-in: a real Socket.IO server that puts each socket in its guest's room and, as the gateway
 * does before it tells matchmaking of the socket, waits until that room's messages reach it.
 */
async function gateway(adapter?: ServerOptions['adapter']): Promise<{ server: Server; url: string }> {
  const port = await freePort();
  const http = createServer();
  const server = new Server(http, { transports: ['websocket'], ...(adapter ? { adapter } : {}) });
  server.on('connection', (socket) => {
    const room = guestRoom(String(socket.handshake.auth.guestId));
    void socket.join(room);
    void roomSubscribed(server, room).then(() => socket.emit('test:ready'));
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${port}` };
}

function connector(urls: string[]): (guestId: string, n: number) => Promise<ClientSocket> {
  return (guestId, n) =>
    new Promise((resolve, reject) => {
      const socket = connectClient(urls[n], { auth: { guestId }, transports: ['websocket'], forceNew: true, reconnection: false });
      socket.once('test:ready', () => resolve(socket));
      socket.once('connect_error', reject);
    });
}

/** Two gateways joined by the socket.io redis adapter the gateway app builds, and the notifier the other apps use. */
function overRedis(redis: TestRedis, kind: SocketAdapterKind): () => Promise<GuestNotifierSubject> {
  return async () => {
    const adapters = [createRedisIoAdapter(redis.target, redis.prefix, kind), createRedisIoAdapter(redis.target, redis.prefix, kind)];
    const gateways = await Promise.all(adapters.map(({ adapter }) => gateway(adapter)));
    // Both adapters listen on their namespace's channel (subscribed at creation, unawaited) before anything is sent.
    await eventually(async () => (await gateways[0].server.of('/').adapter.serverCount()) === 2, 10_000, 20);
    return {
      notifier: redisEmitterNotifier(redis.client, `${redis.prefix}socket.io`, kind === 'redis-sharded'),
      servers: gateways.map((g) => g.server),
      connect: connector(gateways.map((g) => g.url)),
      close: async () => {
        for (const g of gateways) await g.server.close();
        await Promise.all(adapters.flatMap(({ clients }) => clients.map((client) => client.quit())));
      },
    };
  };
}

guestNotifierContract('Socket.IO server in this process (embedded mode)', async (): Promise<GuestNotifierSubject> => {
  const { server, url } = await gateway();
  return {
    notifier: serverNotifier(() => server),
    servers: [server],
    connect: connector([url]),
    close: () => server.close(),
  };
});

guestNotifierContract('redis emitter to gateways joined by the classic redis adapter (SOCKET_ADAPTER=redis)', overRedis(single, 'redis'));
guestNotifierContract('sharded emitter to gateways joined by the sharded adapter, a channel per room (SOCKET_ADAPTER=redis-sharded)', overRedis(single, 'redis-sharded'));
guestNotifierContract('sharded emitter to gateways joined by the sharded adapter, on a Redis Cluster (REDIS_CLUSTER_NODES)', overRedis(cluster, 'redis-sharded'));
