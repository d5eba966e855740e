import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp, loadConfigOrExit, requireRedisUrl } from '@rendezvous/config';
import { createRedisIoAdapter, RendezvousIoAdapter } from '@rendezvous/signaling';
import { GatewayAppModule } from './gateway-app.module.js';

async function bootstrap(): Promise<void> {
  const config = requireRedisUrl(loadConfigOrExit('gateway'));
  const app = await NestFactory.create(GatewayAppModule.forRoot(config));
  configureHttpApp(app, config);
  const redisAdapter = createRedisIoAdapter(config.redisUrl, config.redisKeyPrefix);
  app.useWebSocketAdapter(new RendezvousIoAdapter(app, { maxPayloadBytes: config.socketMaxPayloadBytes, adapter: redisAdapter.adapter }));
  await app.listen(config.port, config.host);
  new Logger('GatewayApp').log(`gateway ${config.gatewayId} listening on http://${config.host}:${config.port}`);
}

void bootstrap();
