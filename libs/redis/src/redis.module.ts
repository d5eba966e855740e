import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedisClient } from './create-redis-client.js';
import { KeySpace } from './key-space.js';
import { REDIS_CLIENT } from './redis.tokens.js';

@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  static forRoot(options: { url: string; keyPrefix: string; name: string }): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS_CLIENT, useFactory: () => createRedisClient(options.url, options.name) },
        { provide: KeySpace, useValue: new KeySpace(options.keyPrefix) },
      ],
      exports: [REDIS_CLIENT, KeySpace],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
