import { createAdapter } from '@socket.io/redis-adapter';
import { createRedisClient } from '@rendezvous/redis';
import type { Redis } from 'ioredis';

/** The socket.io redis adapter on its own pub/sub connections; returns the adapter and its clients to close. */
export function createRedisIoAdapter(redisUrl: string, keyPrefix: string): { adapter: ReturnType<typeof createAdapter>; clients: Redis[] } {
  const pub = createRedisClient(redisUrl, 'io-pub');
  const sub = createRedisClient(redisUrl, 'io-sub', { enableAutoPipelining: false });
  return { adapter: createAdapter(pub, sub, { key: `${keyPrefix}socket.io` }), clients: [pub, sub] };
}
