import { createAdapter } from '@socket.io/redis-adapter';
import { createRedisClient } from '@rendezvous/redis';
import type { Redis } from 'ioredis';

/** The socket.io redis adapter on its own pub/sub connections; returns the adapter and its clients to close. */
export function createRedisIoAdapter(redisUrl: string, keyPrefix: string): { adapter: ReturnType<typeof createAdapter>; clients: Redis[] } {
  const pub = createRedisClient(redisUrl, 'io-pub');
  // The adapter subscribes once, at creation, and ignores the outcome: if that PSUBSCRIBE were dropped
  // (one failed connect with maxRetriesPerRequest 1, or a 3-s command timeout on a slow start) the
  // gateway would never hear another gateway again. So it waits for the connection; after that,
  // ioredis re-subscribes by itself on every reconnect.
  const sub = createRedisClient(redisUrl, 'io-sub', { maxRetriesPerRequest: null, commandTimeout: undefined });
  return { adapter: createAdapter(pub, sub, { key: `${keyPrefix}socket.io` }), clients: [pub, sub] };
}
