import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit, requireRedisUrl } from '@rendezvous/config';
import { configureHttpApp, exitOnSignal, instrumentRedis, Metrics, originPolicyOf } from '@rendezvous/observability';
import { REDIS_CLIENT } from '@rendezvous/redis';
import { createRedisIoAdapter, RendezvousIoAdapter } from '@rendezvous/signaling';
import { GatewayAppModule } from './gateway-app.module.js';

async function bootstrap(): Promise<void> {
  const config = requireRedisUrl(loadConfigOrExit('gateway'));
  const app = await NestFactory.create(GatewayAppModule.forRoot(config), { bufferLogs: true });
  configureHttpApp(app);
  instrumentRedis(app.get(REDIS_CLIENT), app.get(Metrics));
  const redisAdapter = createRedisIoAdapter(config.redisUrl, config.redisKeyPrefix, config.socketAdapter);
  app.useWebSocketAdapter(new RendezvousIoAdapter(app, { maxPayloadBytes: config.socketMaxPayloadBytes, adapter: redisAdapter.adapter, origins: originPolicyOf(config) }));
  exitOnSignal(app, () => Promise.all(redisAdapter.clients.map((client) => client.quit())));
  await app.listen(config.port, config.host);
  new Logger('GatewayApp').log(`gateway ${config.gatewayId} listening on http://${config.host}:${config.port}`);
}

void bootstrap();
