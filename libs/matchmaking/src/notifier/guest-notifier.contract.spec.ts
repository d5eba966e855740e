import { afterAll } from '@jest/globals';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { eventually } from '../../../../test/support/eventually.js';
import { freePort } from '../../../../test/support/free-port.js';
import { TestRedis } from '../../../../test/support/test-redis.js';
import { Redis } from 'ioredis';
import { guestNotifierContract, type GuestNotifierSubject } from './guest-notifier.contract.js';
import { redisEmitterNotifier } from './redis-emitter.notifier.js';
import { guestRoom } from './rooms.js';
import { serverNotifier } from './socket-server.notifier.js';

const redis = new TestRedis();
afterAll(() => redis.close());

/** A gateway stand-in: a real Socket.IO server that puts each socket in its guest's room, as the gateway does. */
async function gateway(adapter?: ReturnType<typeof createAdapter> | ReturnType<typeof createShardedAdapter>): Promise<{ server: Server; url: string }> {
  const port = await freePort();
  const http = createServer();
  const server = new Server(http, { transports: ['websocket'], ...(adapter ? { adapter } : {}) });
  server.on('connection', (socket) => socket.join(guestRoom(String(socket.handshake.auth.guestId))));
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${port}` };
}

function connector(urls: string[]): (guestId: string, n: number) => Promise<ClientSocket> {
  return (guestId, n) =>
    new Promise((resolve, reject) => {
      const socket = connectClient(urls[n], { auth: { guestId }, transports: ['websocket'], forceNew: true, reconnection: false });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
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

guestNotifierContract('redis emitter to gateways joined by the redis adapter (distributed mode)', async (): Promise<GuestNotifierSubject> => {
  const key = `${redis.prefix}socket.io`;
  const connections: Redis[] = [];
  const client = () => {
    const connection = new Redis(redis.client.options);
    connections.push(connection);
    return connection;
  };
  const gateways = [await gateway(createAdapter(client(), client(), { key })), await gateway(createAdapter(client(), client(), { key }))];
  return {
    notifier: redisEmitterNotifier(redis.client, key),
    servers: gateways.map((g) => g.server),
    connect: connector(gateways.map((g) => g.url)),
    close: async () => {
      for (const g of gateways) await g.server.close();
      await Promise.all(connections.map((c) => c.quit()));
    },
  };
});

guestNotifierContract('sharded emitter to gateways joined by the sharded adapter (SOCKET_ADAPTER=redis-sharded)', async (): Promise<GuestNotifierSubject> => {
  const channelPrefix = `${redis.prefix}socket.io`;
  const connections: Redis[] = [];
  const client = () => {
    // no ready check: ioredis would send INFO after the adapter's early SSUBSCRIBE and be refused
    const connection = new Redis({ ...redis.client.options, enableReadyCheck: false });
    connections.push(connection);
    return connection;
  };
  const sharded = () => createShardedAdapter(client(), client(), { channelPrefix, subscriptionMode: 'static' });
  const gateways = [await gateway(sharded()), await gateway(sharded())];
  const channel = `${channelPrefix}#/#`;
  // both gateways listen on the namespace channel before anything is sent
  await eventually(async () => ((await redis.client.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number])[1] === 2, 5_000, 20);
  return {
    notifier: redisEmitterNotifier(redis.client, channelPrefix, true),
    servers: gateways.map((g) => g.server),
    connect: connector(gateways.map((g) => g.url)),
    close: async () => {
      for (const g of gateways) await g.server.close();
      await Promise.all(connections.map((c) => c.quit()));
    },
  };
});
