import { ClientRedis, ServerRedis, type ClientOptions, type CustomStrategy } from '@nestjs/microservices';
import type { Redis } from 'ioredis';
import { tolerateUnawaited } from '../tolerate-unawaited.js';
type BusOptions = NonNullable<ConstructorParameters<typeof ServerRedis>[0]> & { channelPrefix: string };

function busOptions(redisUrl: string, channelPrefix: string): BusOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    retryAttempts: Number.MAX_SAFE_INTEGER,
    retryDelay: 500,
    // Requests and replies issued in the same tick share one write (subscribe commands are never pipelined).
    enableAutoPipelining: true,
    channelPrefix,
  };
}

/**
 * Nest's Redis transport with every request channel under the deployment's key prefix, so two
 * deployments (or test runs) sharing one Redis never answer each other's requests.
 */
export class PrefixedServerRedis extends ServerRedis {
  private readonly channelPrefix: string;

  constructor(options: BusOptions) {
    super(options);
    this.channelPrefix = options.channelPrefix;
  }

  override getRequestPattern(pattern: string): string {
    return this.channelPrefix + pattern;
  }

  override async createRedisClient(): Promise<Redis> {
    return tolerateUnawaited((await super.createRedisClient()) as Redis);
  }

  override getHandlerByPattern(channel: string) {
    const pattern = channel.startsWith(this.channelPrefix) ? channel.slice(this.channelPrefix.length) : channel;
    // Our patterns are plain strings: a direct lookup skips Nest's JSON.parse of every pattern, whose
    // thrown-and-caught SyntaxError was a top item of the matchmaking service's profile.
    return this.messageHandlers.get(pattern) ?? super.getHandlerByPattern(pattern);
  }
}

export class PrefixedClientRedis extends ClientRedis {
  private readonly channelPrefix: string;

  constructor(options: BusOptions) {
    super(options);
    this.channelPrefix = options.channelPrefix;
  }

  override getRequestPattern(pattern: string): string {
    return this.channelPrefix + pattern;
  }

  override getReplyPattern(pattern: string): string {
    return `${this.channelPrefix}${pattern}.reply`;
  }

  /** Nest drops the promise of the unsubscribe a timed-out request sends: during an outage that would end the process. */
  override async createClient(): Promise<Redis> {
    return tolerateUnawaited((await super.createClient()) as Redis);
  }
}

/** Microservice (server side) options of the bus. */
export function busServerStrategy(redisUrl: string, channelPrefix: string): CustomStrategy {
  return { strategy: new PrefixedServerRedis(busOptions(redisUrl, channelPrefix)) };
}

/** ClientsModule options of the bus. */
export function busClientOptions(redisUrl: string, channelPrefix: string): ClientOptions {
  return { customClass: PrefixedClientRedis, options: busOptions(redisUrl, channelPrefix) } as unknown as ClientOptions;
}
