import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit, requireRedis } from '@rendezvous/config';
import { MATCHMAKING_BUS } from '@rendezvous/matchmaking';
import { configureHttpApp, exitOnSignal, instrumentBus, instrumentRedis, Metrics, originPolicyOf } from '@rendezvous/observability';
import { REDIS_CLIENT } from '@rendezvous/redis';
import { SESSION_BUS } from '@rendezvous/session';
import { createRedisIoAdapter, RendezvousIoAdapter } from '@rendezvous/signaling';
import { GatewayAppModule } from './gateway-app.module.js';

async function bootstrap(): Promise<void> {
  const config = requireRedis(loadConfigOrExit('gateway'));
  const app = await NestFactory.create(GatewayAppModule.forRoot(config), { bufferLogs: true });
  configureHttpApp(app);
  const metrics = app.get(Metrics);
  instrumentRedis(app.get(REDIS_CLIENT), metrics);
  instrumentBus(app.get(SESSION_BUS), 'session', metrics);
  instrumentBus(app.get(MATCHMAKING_BUS), 'matchmaking', metrics);
  const redisAdapter = createRedisIoAdapter(config.redis, config.redisKeyPrefix, config.socketAdapter);
  app.useWebSocketAdapter(new RendezvousIoAdapter(app, { maxPayloadBytes: config.socketMaxPayloadBytes, adapter: redisAdapter.adapter, origins: originPolicyOf(config) }));
  exitOnSignal(app, () => Promise.all(redisAdapter.clients.map((client) => client.quit())));
  await app.listen(config.port, config.host);
  new Logger('GatewayApp').log(`gateway ${config.gatewayId} listening on http://${config.host}:${config.port}`);
}

void bootstrap();
