import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@rendezvous/config';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { logDestination } from './log-destination.js';

/**
 * Structured logs on stdout (nestjs-pino): JSON lines, or readable lines on a terminal (LOG_FORMAT), one per HTTP
 * request with its id. Only the method, path (no query string), status and timing are logged: never bodies, headers
 * or tokens.
 * Socket and bus events log their names and ids from the services themselves, never payloads.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, app: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: config.logLevel,
              base: { app, ...(app === 'gateway' || app === 'all-in-one' ? { gatewayId: config.gatewayId } : {}) },
              genReqId: (req: IncomingMessage) => {
                const given = req.headers['x-request-id'];
                return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
              },
              serializers: {
                req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)/.test(req.url ?? '') },
            },
            logDestination(config.logFormat),
          ],
          // Probes and scrapes are not logged (autoLogging above), and keeping them out of the middleware keeps its
          // AsyncLocalStorage off in services with no other HTTP route: once on, every promise of the process pays for it.
          exclude: [
            { method: RequestMethod.ALL, path: 'health/*path' },
            { method: RequestMethod.ALL, path: 'metrics' },
          ],
          microservice: false,
        }),
      ],
    };
  }
}
