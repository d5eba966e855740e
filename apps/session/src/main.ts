import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { loadConfigOrExit, requireRedis } from '@rendezvous/config';
import { MATCHMAKING_BUS } from '@rendezvous/matchmaking';
import { configureHttpApp, exitOnSignal, instrumentBus, instrumentRedis, Metrics } from '@rendezvous/observability';
import { busServerStrategy, REDIS_CLIENT } from '@rendezvous/redis';
import { SessionAppModule } from './session-app.module.js';

async function bootstrap(): Promise<void> {
  const config = requireRedis(loadConfigOrExit('session'));
  const app = await NestFactory.create(SessionAppModule.forRoot(config), { bufferLogs: true });
  configureHttpApp(app);
  const metrics = app.get(Metrics);
  instrumentRedis(app.get(REDIS_CLIENT), metrics);
  instrumentBus(app.get(MATCHMAKING_BUS), 'matchmaking', metrics);
  app.connectMicroservice<MicroserviceOptions>(busServerStrategy(config.redis, `${config.redisKeyPrefix}bus:`), { inheritAppConfig: true });
  await app.startAllMicroservices();
  exitOnSignal(app);
  await app.listen(config.port, config.host);
  new Logger('SessionApp').log(`session service listening on http://${config.host}:${config.port}`);
}

void bootstrap();
