import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { AppConfigModule, type DistributedConfig } from '@rendezvous/config';
import {
  BusMatchmakingClient,
  MATCHMAKING_BUS,
  MatchmakingClient,
  PresenceRegistry,
  RedisPresenceRegistry,
  SocketServerRefModule,
} from '@rendezvous/matchmaking';
import { ObservabilityModule } from '@rendezvous/observability';
import { busClientOptions, RateLimitModule, RedisModule, redisReadiness } from '@rendezvous/redis';
import { BusSessionClient, SESSION_BUS, SessionClient } from '@rendezvous/session';
import { SignalingModule } from '@rendezvous/signaling';

/** Distributed mode: a gateway replica; session and matchmaking are reached over the bus. */
@Global()
@Module({})
export class GatewayAppModule {
  static forRoot(config: DistributedConfig): DynamicModule {
    const bus = busClientOptions(config.redis, `${config.redisKeyPrefix}bus:`);
    return {
      module: GatewayAppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config, {
          app: 'gateway',
          // its own Redis only: a dead session or matchmaking service shows in metrics and errors, not here
          readiness: [redisReadiness],
        }),
        RedisModule.forRoot({ target: config.redis, keyPrefix: config.redisKeyPrefix, name: 'gateway' }),
        ClientsModule.register({ clients: [{ name: SESSION_BUS, ...bus }, { name: MATCHMAKING_BUS, ...bus }], isGlobal: true }),
        RateLimitModule.forRoot('redis'),
        SocketServerRefModule,
        SignalingModule,
      ],
      providers: [
        { provide: SessionClient, useClass: BusSessionClient },
        { provide: MatchmakingClient, useClass: BusMatchmakingClient },
        { provide: PresenceRegistry, useClass: RedisPresenceRegistry },
      ],
      exports: [SessionClient, MatchmakingClient, PresenceRegistry],
    };
  }
}
