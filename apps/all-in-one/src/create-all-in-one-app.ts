import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@rendezvous/config';
import { configureHttpApp, originPolicyOf } from '@rendezvous/observability';
import { RendezvousIoAdapter } from '@rendezvous/signaling';
import { AllInOneModule } from './all-in-one.module.js';
import { serveWebApp } from './serve-web-app.js';

/** The embedded app, wired exactly as `npm start` runs it; tests boot it too. */
export async function createAllInOneApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AllInOneModule.forRoot(config), { bufferLogs: true });
  configureHttpApp(app);
  app.useWebSocketAdapter(new RendezvousIoAdapter(app, { maxPayloadBytes: config.socketMaxPayloadBytes, origins: originPolicyOf(config) }));
  serveWebApp(app, config.webDistPath);
  return app;
}
