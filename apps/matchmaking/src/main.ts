import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { loadConfigOrExit, requireRedis } from '@rendezvous/config';
import { configureHttpApp, exitOnSignal, instrumentRedis, Metrics } from '@rendezvous/observability';
import { busServerStrategy, REDIS_CLIENT } from '@rendezvous/redis';
import { MatchmakingAppModule } from './matchmaking-app.module.js';

async function bootstrap(): Promise<void> {
  const config = requireRedis(loadConfigOrExit('matchmaking'));
  const app = await NestFactory.create(MatchmakingAppModule.forRoot(config), { bufferLogs: true });
  configureHttpApp(app);
  instrumentRedis(app.get(REDIS_CLIENT), app.get(Metrics));
  app.connectMicroservice<MicroserviceOptions>(busServerStrategy(config.redis, `${config.redisKeyPrefix}bus:`), { inheritAppConfig: true });
  await app.startAllMicroservices();
  exitOnSignal(app);
  await app.listen(config.port, config.host);
  new Logger('MatchmakingApp').log(`matchmaking service listening on http://${config.host}:${config.port}`);
}

void bootstrap();
