import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { BucketStore } from './bucket-store.port.js';
import { InMemoryBucketStore } from './in-memory-bucket.store.js';
import { InMemoryThrottlerStorage } from './in-memory-throttler.storage.js';
import { RATE_LIMIT_STORAGE } from './rate-limit-storage.token.js';
import { rateLimitOf, type RateLimitName } from './rate-limit.decorator.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimiter } from './rate-limiter.js';
import { RedisBucketStore } from './redis-bucket.store.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

@Module({})
class RateLimitStorageModule {
  static forRoot(store: 'memory' | 'redis'): DynamicModule {
    const redis = store === 'redis';
    return {
      module: RateLimitStorageModule,
      global: true,
      providers: [
        { provide: RATE_LIMIT_STORAGE, useClass: redis ? RedisThrottlerStorage : InMemoryThrottlerStorage },
        { provide: BucketStore, useClass: redis ? RedisBucketStore : InMemoryBucketStore },
      ],
      exports: [RATE_LIMIT_STORAGE, BucketStore],
    };
  }
}

/** Every configured limit as a named throttler that applies only to the routes marked with its name. */
function throttlerOptions(config: AppConfig, storage: ThrottlerStorage): ThrottlerModuleOptions {
  return {
    storage,
    setHeaders: false,
    throttlers: (Object.keys(config.rateLimits) as RateLimitName[]).map((name) => ({
      name,
      limit: config.rateLimits[name].count,
      ttl: config.rateLimits[name].windowMs,
      skipIf: (context) => rateLimitOf(context.getHandler()) !== name,
    })),
  };
}

/**
 * Rate limits with @nestjs/throttler: its storage (Redis in distributed mode, so limits hold across
 * replicas; memory in embedded mode), the `@RateLimit(name)` route guard, RateLimiter for non-HTTP
 * callers (sockets), and the BucketStore where a guest's per-socket buckets wait for its next socket. Needs APP_CONFIG, Metrics, and with 'redis' the RedisModule.
 */
@Module({})
export class RateLimitModule {
  static forRoot(store: 'memory' | 'redis'): DynamicModule {
    const storage = RateLimitStorageModule.forRoot(store);
    return {
      module: RateLimitModule,
      global: true,
      imports: [storage, ThrottlerModule.forRootAsync({ imports: [storage], inject: [APP_CONFIG, RATE_LIMIT_STORAGE], useFactory: throttlerOptions })],
      providers: [RateLimiter, { provide: APP_GUARD, useClass: RateLimitGuard }],
      exports: [RateLimiter],
    };
  }
}
