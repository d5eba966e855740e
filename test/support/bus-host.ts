import type { INestApplicationContext, INestMicroservice, ModuleMetadata } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { AppConfigModule, loadConfig, type AppConfig } from '@rendezvous/config';
import { busClientOptions, busServerStrategy, createRedisClient, type StreamsBusClient } from '@rendezvous/redis';
import { randomBytes } from 'node:crypto';
import { deleteKeys, keysMatching, testRedisTarget, type RedisMode } from './test-redis.js';

/** Embedded-mode settings for in-process test modules (no Redis, short TTLs where the suites need them). */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig('all-in-one', { JWT_SECRET: 'bus-test-secret-bus-test-secret-0123456', LOG_LEVEL: 'warn', ...overrides });
}

/** A started test app and its close, which may be called early and again at the end. */
export interface Hosted<T> {
  app: T;
  close(): Promise<void>;
}

/**
 * Both ends of the bus inside the test process: `serve` hosts message handlers as a real microservice
 * on the test Redis (a replica of its service, each call another one), `client` builds the other end
 * with a StreamsBusClient under `token`. Streams live under a prefix of this run, so parallel runs
 * never answer each other, and close() deletes them.
 */
export class TestBus {
  readonly prefix = `rdvtest:${randomBytes(4).toString('hex')}:bus:`;
  private readonly closers: Array<() => Promise<void>> = [];
  private readonly target;

  /** `cluster`: over the run's Redis Cluster instead of the one test Redis. */
  constructor(mode: RedisMode = 'single') {
    this.target = testRedisTarget(mode);
  }

  async serve(metadata: ModuleMetadata): Promise<Hosted<INestMicroservice>> {
    const moduleRef = await Test.createTestingModule(metadata).compile();
    const service = moduleRef.createNestMicroservice(busServerStrategy(this.target, this.prefix));
    service.useLogger(false);
    await service.listen();
    return this.track(service);
  }

  /** `clientClass`: a StreamsBusClient of the test's own (one that delivers every request twice, say). */
  async client(config: AppConfig, token: symbol, metadata: ModuleMetadata, clientClass?: typeof StreamsBusClient): Promise<Hosted<INestApplicationContext>> {
    const bus = busClientOptions(this.target, this.prefix);
    const moduleRef = await Test.createTestingModule({
      ...metadata,
      imports: [
        AppConfigModule.forRoot(config),
        ClientsModule.register({ clients: [{ name: token, ...bus, ...(clientClass ? { customClass: clientClass } : {}) }] }),
        ...(metadata.imports ?? []),
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    return this.track(moduleRef);
  }

  private track<T extends { close(): Promise<void> }>(app: T): Hosted<T> {
    let closing: Promise<void> | null = null;
    const close = () => (closing ??= app.close());
    this.closers.push(close);
    return { app, close };
  }

  async close(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) await close();
    const redis = createRedisClient(this.target, 'test');
    try {
      await deleteKeys(redis, await keysMatching(redis, `${this.prefix}*`));
    } finally {
      await redis.quit();
    }
  }
}

