import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { SessionBusController } from './bus/session-bus.controller.js';
import { InProcessSessionClient } from './client/in-process-session.client.js';
import { SessionClient } from './client/session-client.port.js';
import { IceConfigController } from './http/ice-config.controller.js';
import { SessionController } from './http/session.controller.js';
import { IceConfigService } from './ice/ice-config.service.js';
import { SessionEndedListener } from './session-ended.port.js';
import { SessionService } from './session.service.js';

export interface SessionModuleOptions {
  /** Serve the REST API. */
  http: boolean;
  /** Answer the gateways over the bus. */
  bus: boolean;
  /** Who cleans up after a session ends (matchmaking, in the end). */
  sessionEnded: Provider<SessionEndedListener>;
}

/**
 * The session service: tokens, REST and bus endpoints, chosen by the composition root.
 * Needs a SessionStore (SessionStoreModule). Global, so gateways find SessionClient.
 */
@Module({})
export class SessionModule {
  static forRoot(options: SessionModuleOptions): DynamicModule {
    return {
      module: SessionModule,
      global: true,
      imports: [JwtModule.register({})],
      controllers: [...(options.http ? [SessionController, IceConfigController] : []), ...(options.bus ? [SessionBusController] : [])],
      providers: [
        SessionService,
        IceConfigService,
        InProcessSessionClient,
        { provide: SessionClient, useExisting: InProcessSessionClient },
        options.sessionEnded,
      ],
      exports: [SessionService, SessionClient],
    };
  }
}
