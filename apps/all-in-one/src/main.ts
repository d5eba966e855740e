import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp, loadConfigOrExit } from '@rendezvous/config';
import { RendezvousIoAdapter } from '@rendezvous/signaling';
import { AllInOneModule } from './all-in-one.module.js';
import { serveWebApp } from './serve-web-app.js';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('all-in-one');
  const app = await NestFactory.create<NestExpressApplication>(AllInOneModule.forRoot(config));
  configureHttpApp(app, config);
  app.useWebSocketAdapter(new RendezvousIoAdapter(app, { maxPayloadBytes: config.socketMaxPayloadBytes }));
  serveWebApp(app, config.webDistPath);
  await app.listen(config.port, config.host);
  new Logger('AllInOne').log(`Rendezvous (embedded) listening on http://${config.host}:${config.port}`);
}

void bootstrap();
