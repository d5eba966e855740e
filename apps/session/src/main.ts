import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { configureHttpApp, loadConfigOrExit, requireRedisUrl } from '@rendezvous/config';
import { busServerStrategy } from '@rendezvous/redis';
import { SessionAppModule } from './session-app.module.js';

async function bootstrap(): Promise<void> {
  const config = requireRedisUrl(loadConfigOrExit('session'));
  const app = await NestFactory.create(SessionAppModule.forRoot(config));
  configureHttpApp(app, config);
  app.connectMicroservice<MicroserviceOptions>(busServerStrategy(config.redisUrl, `${config.redisKeyPrefix}bus:`), { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  new Logger('SessionApp').log(`session service listening on http://${config.host}:${config.port}`);
}

void bootstrap();
