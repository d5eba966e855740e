import { afterAll, describe, expect, it } from '@jest/globals';
import { ErrorCodes } from '@rendezvous/contracts';
import { Test } from '@nestjs/testing';
import { AppConfigModule } from '@rendezvous/config';
import type { ModuleMetadata } from '@nestjs/common';
import { TestBus, testConfig } from '../../../../test/support/bus-host.js';
import { SESSION_BUS } from '../bus/session.patterns.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { SessionEndedListener } from '../session-ended.port.js';
import { SessionModule } from '../session.module.js';
import { SessionService } from '../session.service.js';
import { SessionStore } from '../store/session-store.port.js';
import { SessionStoreModule } from '../store/session-store.module.js';
import { BusSessionClient } from './bus-session.client.js';
import { SessionClient } from './session-client.port.js';
import { sessionClientContract } from './session-client.contract.js';

const config = testConfig();
const buses = { single: new TestBus('single'), cluster: new TestBus('cluster') };
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers) await close();
  await Promise.all([buses.single.close(), buses.cluster.close()]);
});

/** The session service as its apps host it, with the bus endpoint on or off. */
function sessionService(withBus: boolean): ModuleMetadata {
  return {
    imports: [
      AppConfigModule.forRoot(config),
      SessionStoreModule.forRoot('memory'),
      ModerationModule.forRoot('memory'),
      SessionModule.forRoot({ http: false, bus: withBus, sessionEnded: { provide: SessionEndedListener, useValue: { sessionEnded: async () => undefined } } }),
    ],
  };
}

sessionClientContract('in-process (embedded mode)', async () => {
  const moduleRef = await Test.createTestingModule(sessionService(false)).compile();
  await moduleRef.init();
  closers.push(() => moduleRef.close());
  return { client: moduleRef.get(SessionClient), service: moduleRef.get(SessionService), store: moduleRef.get(SessionStore), config };
});

for (const [name, bus] of [['over the Redis bus (distributed mode)', buses.single], ['over the Redis bus on a Redis Cluster', buses.cluster]] as const) {
  sessionClientContract(name, async () => {
    const server = await bus.serve(sessionService(true));
    const gateway = await bus.client(config, SESSION_BUS, { providers: [BusSessionClient] });
    return { client: gateway.app.get(BusSessionClient), service: server.app.get(SessionService), store: server.app.get(SessionStore), config };
  });
}

describe('SessionClient over the bus, when the session service is down', () => {
  it('fails with SERVICE_UNAVAILABLE at the bus deadline instead of hanging', async () => {
    const nobodyListens = new TestBus();
    const gateway = await nobodyListens.client(testConfig({ BUS_TIMEOUT_MS: '300' }), SESSION_BUS, { providers: [BusSessionClient] });
    try {
      await expect(gateway.app.get(BusSessionClient).authenticate('any.token.here')).rejects.toMatchObject({ code: ErrorCodes.ServiceUnavailable });
    } finally {
      await nobodyListens.close();
    }
  });
});
