import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule, type DistributedConfig } from '@rendezvous/config';
import { FileCleanup, FilesModule } from '@rendezvous/files';
import { GuestNotifier, MatchmakingModule, PairEndedListener, redisEmitterNotifier } from '@rendezvous/matchmaking';
import { ObservabilityModule } from '@rendezvous/observability';
import { RateLimitModule, REDIS_CLIENT, type RedisClient, RedisModule, redisReadiness } from '@rendezvous/redis';
import { ModerationModule, SessionStoreModule } from '@rendezvous/session';

/** Distributed mode: matchmaking over the bus; reaches guests through the gateways' redis adapter channels; deletes ended pairs' files. */
@Module({})
export class MatchmakingAppModule {
  static forRoot(config: DistributedConfig): DynamicModule {
    return {
      module: MatchmakingAppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config, { app: 'matchmaking', readiness: [redisReadiness] }),
        RedisModule.forRoot({ target: config.redis, keyPrefix: config.redisKeyPrefix, name: 'matchmaking' }),
        SessionStoreModule.forRoot('redis'),
        ModerationModule.forRoot('redis'),
        RateLimitModule.forRoot('redis'),
        MatchmakingModule.forRoot({
          store: 'redis',
          bus: true,
          notifier: {
            provide: GuestNotifier,
            useFactory: (redis: RedisClient) => redisEmitterNotifier(redis, `${config.redisKeyPrefix}socket.io`, config.socketAdapter === 'redis-sharded'),
            inject: [REDIS_CLIENT],
          },
          pairEnded: { provide: PairEndedListener, useExisting: FileCleanup },
        }),
        FilesModule.forRoot({ store: 'redis', http: false }),
      ],
    };
  }
}
