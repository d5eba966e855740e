import { Redis, type RedisOptions } from 'ioredis';
import { tolerateUnawaited } from './tolerate-unawaited.js';

/**
 * A client that fails fast while Redis is away (a clear error, never a hang) and reconnects by itself.
 * Commands issued in the same tick go out in one write (auto-pipelining): on loopback and in VMs the
 * per-write system call, not Redis, was the largest cost of a match (see docs/BENCHMARKS.md).
 * Subscriber connections pass `enableAutoPipelining: false`.
 */
export function createRedisClient(url: string, name: string, overrides: RedisOptions = {}): Redis {
  return tolerateUnawaited(new Redis(url, {
    connectionName: `rendezvous-${name}`,
    maxRetriesPerRequest: 1,
    commandTimeout: 3_000,
    // Back within a second of Redis returning (a reconnect attempt is cheap).
    retryStrategy: (attempt) => Math.min(attempt * 200, 1_000),
    enableAutoPipelining: true,
    ...overrides,
  }));
}
