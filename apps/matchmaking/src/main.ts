import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { configureHttpApp, loadConfigOrExit, requireRedisUrl } from '@rendezvous/config';
import { busServerStrategy } from '@rendezvous/redis';
import { MatchmakingAppModule } from './matchmaking-app.module.js';

async function bootstrap(): Promise<void> {
  const config = requireRedisUrl(loadConfigOrExit('matchmaking'));
  const app = await NestFactory.create(MatchmakingAppModule.forRoot(config));
  configureHttpApp(app, config);
  app.connectMicroservice<MicroserviceOptions>(busServerStrategy(config.redisUrl, `${config.redisKeyPrefix}bus:`), { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  new Logger('MatchmakingApp').log(`matchmaking service listening on http://${config.host}:${config.port}`);
}

void bootstrap();
