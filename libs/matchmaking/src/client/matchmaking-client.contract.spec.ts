import { afterAll } from '@jest/globals';
import type { ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfigModule } from '@rendezvous/config';
import { RateLimitModule } from '@rendezvous/redis';
import { ModerationModule, ModerationStore, SessionStore, SessionStoreModule } from '@rendezvous/session';
import { TestBus, testConfig } from '../../../../test/support/bus-host.js';
import { RecordingNotifier } from '../../../../test/support/recording-notifier.js';
import { MATCHMAKING_BUS } from '../bus/matchmaking.patterns.js';
import { MatchmakingModule } from '../matchmaking.module.js';
import { MatchmakingService } from '../matchmaking.service.js';
import { GuestNotifier } from '../notifier/guest-notifier.port.js';
import { PresenceRegistry } from '../presence/presence-registry.port.js';
import { MatchQueue } from '../queue/match-queue.port.js';
import { BusMatchmakingClient } from './bus-matchmaking.client.js';
import { MatchmakingClient } from './matchmaking-client.port.js';
import { matchmakingClientContract } from './matchmaking-client.contract.js';

const config = testConfig({ RECONNECT_GRACE_MS: '300' });
const buses = { single: new TestBus('single'), cluster: new TestBus('cluster') };
afterAll(() => Promise.all([buses.single.close(), buses.cluster.close()]));

/** The matchmaking service as its apps host it, with the bus endpoint on or off. */
function matchmakingService(notifier: RecordingNotifier, withBus: boolean): ModuleMetadata {
  return {
    imports: [
      AppConfigModule.forRoot(config),
      SessionStoreModule.forRoot('memory'),
      ModerationModule.forRoot('memory'),
      RateLimitModule.forRoot('memory'),
      MatchmakingModule.forRoot({ store: 'memory', bus: withBus, notifier: { provide: GuestNotifier, useValue: notifier } }),
    ],
  };
}

matchmakingClientContract('in-process (embedded mode)', async () => {
  const notifier = new RecordingNotifier();
  const moduleRef = await Test.createTestingModule(matchmakingService(notifier, false)).compile();
  await moduleRef.init();
  return {
    client: moduleRef.get(MatchmakingClient),
    service: moduleRef.get(MatchmakingService),
    presence: moduleRef.get(PresenceRegistry),
    queue: moduleRef.get(MatchQueue),
    moderation: moduleRef.get(ModerationStore),
    sessions: moduleRef.get(SessionStore),
    notifier,
    reconnectGraceMs: config.reconnectGraceMs,
    close: () => moduleRef.close(),
  };
});

for (const [name, bus] of [['over the Redis bus (distributed mode)', buses.single], ['over the Redis bus on a Redis Cluster', buses.cluster]] as const) {
  matchmakingClientContract(name, async () => {
    const notifier = new RecordingNotifier();
    const service = await bus.serve(matchmakingService(notifier, true));
    const gateway = await bus.client(config, MATCHMAKING_BUS, { providers: [BusMatchmakingClient] });
    return {
      client: gateway.app.get(BusMatchmakingClient),
      service: service.app.get(MatchmakingService),
      presence: service.app.get(PresenceRegistry),
      queue: service.app.get(MatchQueue),
      moderation: service.app.get(ModerationStore),
      sessions: service.app.get(SessionStore),
      notifier,
      reconnectGraceMs: config.reconnectGraceMs,
      close: async () => {
        await gateway.close();
        await service.close();
      },
    };
  });
}
