import type { AppConfig } from '../app-config.js';

/** Distributed apps: loadConfig has already refused to start without REDIS_URL; this narrows the type. */
export function requireRedisUrl(config: AppConfig): AppConfig & { redisUrl: string } {
  if (!config.redisUrl) throw new Error('REDIS_URL is required in distributed mode');
  return config as AppConfig & { redisUrl: string };
}
