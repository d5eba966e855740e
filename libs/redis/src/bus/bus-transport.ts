import type { RedisTarget } from '@rendezvous/config';
import type { ClientOptions, CustomStrategy } from '@nestjs/microservices';
import type { BusOptions } from './bus-options.js';
import { StreamsBusClient } from './streams-bus.client.js';
import { StreamsBusServer } from './streams-bus.server.js';

/** Microservice (service side) options of the bus: `app.connectMicroservice(busServerStrategy(...))`. */
export function busServerStrategy(redis: RedisTarget | string, prefix: string, options: Partial<BusOptions> = {}): CustomStrategy {
  return { strategy: new StreamsBusServer({ ...options, redis, prefix }) };
}

/** ClientsModule options of the bus: `{ name: TOKEN, ...busClientOptions(...) }`. */
export function busClientOptions(redis: RedisTarget | string, prefix: string, options: Partial<BusOptions> = {}): ClientOptions {
  return { customClass: StreamsBusClient, options: { ...options, redis, prefix } } as unknown as ClientOptions;
}
