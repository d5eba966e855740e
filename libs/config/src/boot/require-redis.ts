import type { AppConfig } from '../app-config.js';
import type { RedisTarget } from '../redis-target.js';

export type DistributedConfig = AppConfig & { redis: RedisTarget };

/** Distributed apps: loadConfig has already refused to start without Redis; this narrows the type. */
export function requireRedis(config: AppConfig): DistributedConfig {
  if (!config.redis) throw new Error('REDIS_URL or REDIS_CLUSTER_NODES is required in distributed mode');
  return config as DistributedConfig;
}
