import type { ClientOptions, CustomStrategy } from '@nestjs/microservices';
import type { BusOptions } from './bus-options.js';
import { StreamsBusClient } from './streams-bus.client.js';
import { StreamsBusServer } from './streams-bus.server.js';

/** Microservice (service side) options of the bus: `app.connectMicroservice(busServerStrategy(...))`. */
export function busServerStrategy(redisUrl: string, prefix: string, options: Partial<BusOptions> = {}): CustomStrategy {
  return { strategy: new StreamsBusServer({ ...options, redisUrl, prefix }) };
}

/** ClientsModule options of the bus: `{ name: TOKEN, ...busClientOptions(...) }`. */
export function busClientOptions(redisUrl: string, prefix: string, options: Partial<BusOptions> = {}): ClientOptions {
  return { customClass: StreamsBusClient, options: { ...options, redisUrl, prefix } } as unknown as ClientOptions;
}
