import { Transport, type RedisOptions } from '@nestjs/microservices';

/** Options of the Nest Redis transport (request/response and events between the apps). */
export function redisBusOptions(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  return {
    transport: Transport.REDIS,
    options: {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
      tls: url.protocol === 'rediss:' ? {} : undefined,
      retryAttempts: Number.MAX_SAFE_INTEGER,
      retryDelay: 500,
    },
  };
}
