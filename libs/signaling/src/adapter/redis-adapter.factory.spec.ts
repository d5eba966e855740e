import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { eventually } from '../../../../test/support/eventually.js';
import { freePort } from '../../../../test/support/free-port.js';
import { createRedisIoAdapter } from './redis-adapter.factory.js';

/** A Redis of this test's own (never the shared one), started late on purpose. */
let redisServer: ChildProcess | null = null;
const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  redisServer?.kill('SIGKILL');
});

describe('createRedisIoAdapter', () => {
  it('holds its subscriptions when Redis comes up only after the gateway started', async () => {
    const redisPort = await freePort();
    const url = `redis://127.0.0.1:${redisPort}`;
    const { adapter, clients } = createRedisIoAdapter(url, 'late:');
    clients.forEach((client) => client.on('error', () => undefined));
    cleanup.push(() => clients.forEach((client) => client.disconnect()));
    const server = new Server(createServer(), { adapter });
    cleanup.push(() => new Promise((resolve) => server.close(() => resolve(undefined))));

    // Longer than one failed connection attempt and the 3-s command timeout the other clients have.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    redisServer = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
    cleanup.push(() => probe.disconnect());

    // Without them the gateway would never again hear another gateway or the matchmaking service.
    await eventually(async () => Number(await probe.pubsub('NUMPAT')) === 1, 10_000, 100);
    expect(await probe.pubsub('CHANNELS', 'late:socket.io-request*')).toEqual(['late:socket.io-request#/#']);
  }, 30_000);
});
