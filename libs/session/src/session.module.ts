import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { createSecretKey } from 'node:crypto';
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
      imports: [
        JwtModule.registerAsync({
          inject: [APP_CONFIG],
          // A KeyObject rather than the string: given a string, jsonwebtoken first tries to parse it as a PEM
          // key on every sign and verify, fails, and only then uses it as an HMAC key — ~100× the cost of the HMAC.
          useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) }),
        }),
      ],
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
