import type { INestApplication } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { Logger } from 'nestjs-pino';
import { configureOrigins } from '../http/configure-origins.js';
import { OriginPolicy } from '../http/origin-policy.js';
import { useSecurityHeaders } from '../http/security-headers.js';
import { StrictValidationPipe } from './strict-validation.pipe.js';

/** What every HTTP app shares: JSON logs, security headers, strict body validation (400 naming the field), the origin allowlist, trusted proxies. */
export function configureHttpApp(app: INestApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(Logger));
  useSecurityHeaders(app);
  if (config.trustProxyHops > 0) (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set('trust proxy', config.trustProxyHops);
  configureOrigins(app, originPolicyOf(config));
  app.useGlobalPipes(new StrictValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
}

/** The process's origin policy (CORS_ORIGINS, PUBLIC_ORIGINS, and X-Forwarded-Proto/-Host when TRUST_PROXY is set). */
export function originPolicyOf(config: AppConfig): OriginPolicy {
  return new OriginPolicy(config.corsOrigins, config.publicOrigins, config.trustProxyHops > 0);
}
