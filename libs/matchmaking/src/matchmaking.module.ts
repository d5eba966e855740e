import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { MetricsModule } from '@rendezvous/observability';
import { MatchmakingBusController } from './bus/matchmaking-bus.controller.js';
import { InProcessMatchmakingClient } from './client/in-process-matchmaking.client.js';
import { MatchmakingClient } from './client/matchmaking-client.port.js';
import { MatchmakingService } from './matchmaking.service.js';
import { GuestNotifier } from './notifier/guest-notifier.port.js';
import { NoPairEndedListener, PairEndedListener } from './pair-ended.port.js';
import { InMemoryPresenceRegistry } from './presence/in-memory-presence.registry.js';
import { PresenceRegistry } from './presence/presence-registry.port.js';
import { RedisPresenceRegistry } from './presence/redis-presence.registry.js';
import { InMemoryMatchQueue } from './queue/in-memory-match.queue.js';
import { MatchQueue } from './queue/match-queue.port.js';
import { RedisMatchQueue } from './queue/redis-match.queue.js';
import { ReconnectNotices } from './reconnect-notices.js';

export interface MatchmakingModuleOptions {
  store: 'memory' | 'redis';
  /** Answer the gateways over the bus. */
  bus: boolean;
  /** How guests are reached: the gateway's server in-process, a redis emitter otherwise. */
  notifier: Provider<GuestNotifier>;
  /** Who drops what a pair owned when it ends (shared files); nobody by default. */
  pairEnded?: Provider<PairEndedListener>;
  imports?: DynamicModule['imports'];
}

/**
 * Matchmaking: queue, presence, the service and its bus endpoint, chosen by the composition root.
 * Needs a SessionStore (for the GuestUser mirror) and the rate-limit storage (RateLimitModule, for
 * ReconnectNotices). Global, so gateways find MatchmakingClient and PresenceRegistry.
 */
@Module({})
export class MatchmakingModule {
  static forRoot(options: MatchmakingModuleOptions): DynamicModule {
    const redis = options.store === 'redis';
    const queue: Type<MatchQueue> = redis ? RedisMatchQueue : InMemoryMatchQueue;
    const presence: Type<PresenceRegistry> = redis ? RedisPresenceRegistry : InMemoryPresenceRegistry;
    return {
      module: MatchmakingModule,
      global: true,
      imports: [MetricsModule, ...(options.imports ?? [])],
      controllers: options.bus ? [MatchmakingBusController] : [],
      providers: [
        MatchmakingService,
        ReconnectNotices,
        InProcessMatchmakingClient,
        ...(redis ? [] : [InMemoryPresenceRegistry]),
        { provide: PresenceRegistry, useExisting: presence },
        ...(redis ? [RedisPresenceRegistry] : []),
        { provide: MatchQueue, useClass: queue },
        { provide: MatchmakingClient, useExisting: InProcessMatchmakingClient },
        options.notifier,
        options.pairEnded ?? { provide: PairEndedListener, useClass: NoPairEndedListener },
      ],
      exports: [MatchmakingService, MatchmakingClient, PresenceRegistry, MatchQueue, GuestNotifier],
    };
  }
}
