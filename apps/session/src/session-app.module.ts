import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { AppConfigModule, type AppConfig } from '@rendezvous/config';
import { BusMatchmakingClient, MATCHMAKING_BUS } from '@rendezvous/matchmaking';
import { ObservabilityModule } from '@rendezvous/observability';
import { busClientOptions, RateLimitModule, RedisModule, redisReadiness } from '@rendezvous/redis';
import { ModerationModule, SessionEndedListener, SessionModule, SessionStoreModule } from '@rendezvous/session';

/** Distributed mode: the session REST API, and session answers for the gateways over the bus. */
@Global()
@Module({})
export class SessionAppModule {
  static forRoot(config: AppConfig & { redisUrl: string }): DynamicModule {
    return {
      module: SessionAppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config, {
          app: 'session',
          readiness: [redisReadiness, { useFactory: (matchmaking: BusMatchmakingClient) => ({ name: 'matchmaking-bus', check: () => matchmaking.ping() }), inject: [BusMatchmakingClient] }],
        }),
        RedisModule.forRoot({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix, name: 'session' }),
        ClientsModule.register({ clients: [{ name: MATCHMAKING_BUS, ...busClientOptions(config.redisUrl, `${config.redisKeyPrefix}bus:`) }], isGlobal: true }),
        SessionStoreModule.forRoot('redis'),
        ModerationModule.forRoot('redis'),
        RateLimitModule.forRoot('redis'),
        SessionModule.forRoot({
          http: true,
          bus: true,
          sessionEnded: { provide: SessionEndedListener, useExisting: BusMatchmakingClient },
        }),
      ],
      providers: [BusMatchmakingClient],
      exports: [BusMatchmakingClient],
    };
  }
}
