import { afterAll } from '@jest/globals';
import { parseClusterNodes, parseRedisUrl, type RedisTarget } from '@rendezvous/config';
import { createRedisClient, KeySpace, type RedisClient } from '@rendezvous/redis';
import { Cluster } from 'ioredis';
import { randomBytes } from 'node:crypto';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** `single`: the shared test Redis (REDIS_URL); `cluster`: the run's Redis Cluster (started by jest's global setup). */
export type RedisMode = 'single' | 'cluster';

/** Where the test Redis of a mode is. */
export function testRedisTarget(mode: RedisMode): RedisTarget {
  if (mode === 'single') return parseRedisUrl(TEST_REDIS_URL);
  const seeds = process.env.RDV_TEST_REDIS_CLUSTER;
  if (!seeds) throw new Error("no test Redis Cluster: RDV_TEST_REDIS_CLUSTER is unset (jest's global setup starts one)");
  return parseClusterNodes(seeds);
}

/** The app settings that point an app at the test Redis of a mode. */
export function redisEnvOf(mode: RedisMode): Record<string, string> {
  return mode === 'single' ? { REDIS_URL: TEST_REDIS_URL } : { REDIS_URL: '', REDIS_CLUSTER_NODES: process.env.RDV_TEST_REDIS_CLUSTER ?? '' };
}

/** Every key matching `pattern`, on every master of a cluster. */
export async function keysMatching(client: RedisClient, pattern: string): Promise<string[]> {
  const found: string[] = [];
  // A cluster client knows its nodes once it has asked for the slots.
  if (client instanceof Cluster && client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  for (const node of client instanceof Cluster ? client.nodes('master') : [client]) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
  }
  return found.sort();
}

/** Deletes keys one command each (keys of a cluster live in different slots). */
export async function deleteKeys(client: RedisClient, keys: string[]): Promise<void> {
  await Promise.all(keys.map((key) => client.unlink(key)));
}

/** A real Redis connection with a key prefix of its own, so runs never see each other's keys. */
export class TestRedis {
  readonly prefix = `rdvtest:${randomBytes(4).toString('hex')}:`;
  readonly keys = new KeySpace(this.prefix);
  readonly target: RedisTarget;
  readonly client: RedisClient;

  /** How a contract suite names its Redis run: `redis`, or `redis cluster`. */
  get name(): string {
    return this.mode === 'single' ? 'redis' : 'redis cluster';
  }

  constructor(readonly mode: RedisMode = 'single') {
    this.target = testRedisTarget(mode);
    this.client = createRedisClient(this.target, 'test');
  }

  /** Every key this run created that still exists. */
  keysLeft(): Promise<string[]> {
    return keysMatching(this.client, `${this.prefix}*`);
  }

  async flush(): Promise<void> {
    await deleteKeys(this.client, await this.keysLeft());
  }

  async close(): Promise<void> {
    await this.flush();
    await this.client.quit();
  }
}

/**
 * A test Redis of each mode, one Redis and the run's Redis Cluster, for suites that run against both; closed
 * (their keys deleted) after the file.
 */
export function eachTestRedis(): TestRedis[] {
  const all = [new TestRedis('single'), new TestRedis('cluster')];
  afterAll(() => Promise.all(all.map((redis) => redis.close())));
  return all;
}
