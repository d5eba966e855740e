import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type { SocketAdapterKind } from '@rendezvous/config';
import { createRedisClient } from '@rendezvous/redis';
import type { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';

/**
 * The socket.io redis adapter on its own pub/sub connections; returns the adapter and its clients to close.
 * `redis-sharded` uses sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7+): Redis Cluster keeps each channel on
 * one shard instead of copying every message to every node.
 */
export function createRedisIoAdapter(
  redisUrl: string,
  keyPrefix: string,
  kind: SocketAdapterKind = 'redis',
): { adapter: ServerOptions['adapter']; clients: Redis[] } {
  const pub = createRedisClient(redisUrl, 'io-pub');
  // No ready check: ioredis would send INFO after the adapter's early (S)SUBSCRIBE and be refused (ioredis#2037).
  // The adapter subscribes once, at creation, and ignores the outcome: if that subscribe were dropped
  // (one failed connect with maxRetriesPerRequest 1, or a 3-s command timeout on a slow start) the
  // gateway would never hear another gateway again. So it waits for the connection; after that,
  // ioredis re-subscribes by itself on every reconnect.
  const sub = createRedisClient(redisUrl, 'io-sub', { enableReadyCheck: false, enableAutoPipelining: false, maxRetriesPerRequest: null, commandTimeout: undefined });
  const channel = `${keyPrefix}socket.io`;
  // Static: one channel per namespace. The default "dynamic" mode subscribes to a room's own channel
  // only once a socket joins it, asynchronously, so a relay to a pair room just joined could be lost.
  const adapter =
    kind === 'redis-sharded' ? createShardedAdapter(pub, sub, { channelPrefix: channel, subscriptionMode: 'static' }) : createAdapter(pub, sub, { key: channel });
  return { adapter: adapter as ServerOptions['adapter'], clients: [pub, sub] };
}
