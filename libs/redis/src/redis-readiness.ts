import type { ReadinessCheck } from '@rendezvous/observability';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from './redis.tokens.js';

/** Readiness: Redis answers PING. */
export const redisReadiness = {
  useFactory: (redis: Redis): ReadinessCheck => ({
    name: 'redis',
    check: async () => {
      await redis.ping();
    },
  }),
  inject: [REDIS_CLIENT],
};
