import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp, type AppConfig } from '@rendezvous/config';
import { RendezvousIoAdapter } from '@rendezvous/signaling';
import { AllInOneModule } from './all-in-one.module.js';
import { serveWebApp } from './serve-web-app.js';

/** The embedded app, wired exactly as `npm start` runs it; tests boot it too. */
export async function createAllInOneApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AllInOneModule.forRoot(config), options);
  configureHttpApp(app, config);
  app.useWebSocketAdapter(new RendezvousIoAdapter(app, { maxPayloadBytes: config.socketMaxPayloadBytes }));
  serveWebApp(app, config.webDistPath);
  return app;
}
