import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule, type AppConfig } from '@rendezvous/config';
import { FileCleanup, FilesModule } from '@rendezvous/files';
import { GuestNotifier, MatchmakingModule, PairEndedListener, redisEmitterNotifier } from '@rendezvous/matchmaking';
import { ObservabilityModule } from '@rendezvous/observability';
import { RateLimitModule, REDIS_CLIENT, RedisModule, redisReadiness } from '@rendezvous/redis';
import { ModerationModule, SessionStoreModule } from '@rendezvous/session';
import type { Redis } from 'ioredis';

/** Distributed mode: matchmaking over the bus; reaches guests through the gateways' redis adapter channels; deletes ended pairs' files. */
@Module({})
export class MatchmakingAppModule {
  static forRoot(config: AppConfig & { redisUrl: string }): DynamicModule {
    return {
      module: MatchmakingAppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config, { app: 'matchmaking', readiness: [redisReadiness] }),
        RedisModule.forRoot({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix, name: 'matchmaking' }),
        SessionStoreModule.forRoot('redis'),
        ModerationModule.forRoot('redis'),
        RateLimitModule.forRoot('redis'),
        MatchmakingModule.forRoot({
          store: 'redis',
          bus: true,
          notifier: {
            provide: GuestNotifier,
            useFactory: (redis: Redis) => redisEmitterNotifier(redis, `${config.redisKeyPrefix}socket.io`, config.socketAdapter === 'redis-sharded'),
            inject: [REDIS_CLIENT],
          },
          pairEnded: { provide: PairEndedListener, useExisting: FileCleanup },
        }),
        FilesModule.forRoot({ store: 'redis', http: false }),
      ],
    };
  }
}
