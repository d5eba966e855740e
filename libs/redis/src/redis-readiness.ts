import type { ReadinessCheck } from '@rendezvous/observability';
import type { RedisClient } from './create-redis-client.js';
import { REDIS_CLIENT } from './redis.tokens.js';

/** Readiness: Redis answers PING. */
export const redisReadiness = {
  useFactory: (redis: RedisClient): ReadinessCheck => ({
    name: 'redis',
    check: async () => {
      await redis.ping();
    },
  }),
  inject: [REDIS_CLIENT],
};
