import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { AppConfigModule, type DistributedConfig } from '@rendezvous/config';
import { FilesModule } from '@rendezvous/files';
import { BusMatchmakingClient, GuestNotifier, MATCHMAKING_BUS, MatchQueue, RedisMatchQueue, redisEmitterNotifier } from '@rendezvous/matchmaking';
import { ObservabilityModule } from '@rendezvous/observability';
import { busClientOptions, RateLimitModule, REDIS_CLIENT, type RedisClient, RedisModule, redisReadiness } from '@rendezvous/redis';
import { ModerationModule, SessionEndedListener, SessionModule, SessionStoreModule } from '@rendezvous/session';

/**
 * Distributed mode: the session REST API (sessions and shared files), and session answers for the gateways over the bus.
 * Files ask who is paired with whom from the matchmaking queue in Redis directly (a read-only, one-script
 * answer from the same Redis, no bus hop), store the bytes in Redis, and reach the partner through the
 * gateways' redis adapter channels, as matchmaking does.
 */
@Global()
@Module({})
export class SessionAppModule {
  static forRoot(config: DistributedConfig): DynamicModule {
    return {
      module: SessionAppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config, {
          app: 'session',
          // its own Redis only: a dead matchmaking service shows in metrics and errors, not here
          readiness: [redisReadiness],
        }),
        RedisModule.forRoot({ target: config.redis, keyPrefix: config.redisKeyPrefix, name: 'session' }),
        ClientsModule.register({ clients: [{ name: MATCHMAKING_BUS, ...busClientOptions(config.redis, `${config.redisKeyPrefix}bus:`) }], isGlobal: true }),
        SessionStoreModule.forRoot('redis'),
        ModerationModule.forRoot('redis'),
        RateLimitModule.forRoot('redis'),
        SessionModule.forRoot({
          http: true,
          bus: true,
          sessionEnded: { provide: SessionEndedListener, useExisting: BusMatchmakingClient },
        }),
        FilesModule.forRoot({ store: 'redis', http: true }),
      ],
      providers: [
        BusMatchmakingClient,
        { provide: MatchQueue, useClass: RedisMatchQueue },
        {
          provide: GuestNotifier,
          useFactory: (redis: RedisClient) => redisEmitterNotifier(redis, `${config.redisKeyPrefix}socket.io`, config.socketAdapter === 'redis-sharded'),
          inject: [REDIS_CLIENT],
        },
      ],
      exports: [BusMatchmakingClient, MatchQueue, GuestNotifier],
    };
  }
}
