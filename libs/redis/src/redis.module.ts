import type { RedisTarget } from '@rendezvous/config';
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createRedisClient, type RedisClient } from './create-redis-client.js';
import { KeySpace } from './key-space.js';
import { REDIS_CLIENT } from './redis.tokens.js';

@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  static forRoot(options: { target: RedisTarget; keyPrefix: string; name: string }): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS_CLIENT, useFactory: () => createRedisClient(options.target, options.name) },
        { provide: KeySpace, useValue: new KeySpace(options.keyPrefix) },
      ],
      exports: [REDIS_CLIENT, KeySpace],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
