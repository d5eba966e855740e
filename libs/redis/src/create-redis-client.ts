import { redisTargetOf, type RedisTarget } from '@rendezvous/config';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { tolerateUnawaited } from './tolerate-unawaited.js';

/** A connection to one Redis, or to every node of a Redis Cluster (commands go to the node of their key's slot). */
export type RedisClient = Redis | Cluster;

/** Options of one connection; in cluster mode they apply to the connection of every node. */
export type ClientOptions = Omit<RedisOptions, 'host' | 'port' | 'path' | 'sentinels' | 'retryStrategy' | 'readOnly'> & {
  /** Single endpoint only (a cluster client reconnects as a whole); null: never reconnect. */
  retryStrategy?: RedisOptions['retryStrategy'];
};

/** Back within a second of Redis returning (a reconnect attempt is cheap). */
const reconnectDelay = (attempt: number) => Math.min(attempt * 200, 1_000);

/**
 * The one way the project connects to Redis: `target` is where (one endpoint or a cluster's seed nodes, with
 * credentials and TLS; a URL string for one endpoint), `name` shows in CLIENT LIST. A client fails fast while
 * Redis is away (a clear error, never a hang) and reconnects by itself. Commands issued in the same tick go
 * out in one write per node (auto-pipelining): on loopback and in VMs the per-write system call, not Redis,
 * was the largest cost of a match (see docs/BENCHMARKS.md). Subscriber connections pass
 * `enableAutoPipelining: false`. In cluster mode sharded subscriptions (SSUBSCRIBE) go to the shard of
 * each channel and move with it after a failover.
 */
export function createRedisClient(target: RedisTarget | string, name: string, overrides: ClientOptions = {}): RedisClient {
  const where = redisTargetOf(target);
  const { retryStrategy = reconnectDelay, enableAutoPipelining = true, enableOfflineQueue, lazyConnect, ...connection } = overrides;
  const options: RedisOptions = {
    connectionName: `rendezvous-${name}`,
    username: where.username ?? undefined,
    password: where.password ?? undefined,
    ...(where.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: 1,
    commandTimeout: 3_000,
    ...connection,
  };
  if (!where.cluster) {
    const [{ host, port }] = where.nodes;
    return tolerateUnawaited(new Redis({ ...options, host, port, db: where.db, retryStrategy, enableAutoPipelining, enableOfflineQueue, lazyConnect }));
  }
  const clusterOptions: ClusterOptions = {
    redisOptions: options,
    enableAutoPipelining,
    enableOfflineQueue,
    lazyConnect,
    enableReadyCheck: options.enableReadyCheck,
    clusterRetryStrategy: retryStrategy,
    shardedSubscribers: true,
    // A failover takes a few seconds: keep re-routing a command that much, then fail it (maxRedirections 16 × 300 ms).
    retryDelayOnFailover: 300,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 300,
    slotsRefreshTimeout: 2_000,
    // TLS certificates name the hosts, while CLUSTER SLOTS answers with addresses: connect to the names.
    ...(where.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  };
  return tolerateUnawaited(new Cluster(where.nodes, clusterOptions));
}

/** Another client to the same Redis with the same settings (a connection of its own, e.g. to subscribe). */
export function duplicateClient(client: RedisClient, name: string, overrides: ClientOptions = {}): RedisClient {
  const connectionName = `rendezvous-${name}`;
  if (client instanceof Cluster) {
    const { lazyConnect, enableAutoPipelining, retryStrategy: _single, ...connection } = overrides;
    const options = {
      redisOptions: { ...client.options.redisOptions, connectionName, ...connection },
      ...(lazyConnect === undefined ? {} : { lazyConnect }),
      ...(enableAutoPipelining === undefined ? {} : { enableAutoPipelining }),
    };
    return tolerateUnawaited(client.duplicate(undefined, options));
  }
  return tolerateUnawaited(client.duplicate({ connectionName, ...overrides }));
}
