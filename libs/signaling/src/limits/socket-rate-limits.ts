import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type RateRule } from '@rendezvous/config';
import { ClientEvents, DomainError, ErrorCodes } from '@rendezvous/contracts';
import { Metrics } from '@rendezvous/observability';
import { rateLimitMessage, RateLimiter } from '@rendezvous/redis';
import { SocketErrors } from '../socket-errors.js';
import type { RendezvousSocket } from '../socket-types.js';
import { TokenBucket } from './token-bucket.js';

type BucketName = 'chat' | 'typing' | 'signaling' | 'ice';

/** Which per-socket bucket a relayed event draws from. */
const RELAY_BUCKETS: Readonly<Record<string, BucketName>> = {
  [ClientEvents.ChatMessage]: 'chat',
  [ClientEvents.ChatTyping]: 'typing',
  [ClientEvents.Offer]: 'signaling',
  [ClientEvents.Answer]: 'signaling',
  [ClientEvents.CallEnd]: 'signaling',
  [ClientEvents.CallReject]: 'signaling',
  [ClientEvents.IceCandidate]: 'ice',
};

interface SocketLimits {
  buckets: Partial<Record<BucketName, TokenBucket>>;
  strikes: TokenBucket;
}

/**
 * Per-socket limits. Relayed events draw from token buckets held in this gateway's memory (a socket
 * lives on one gateway, so nothing needs sharing, and the relay path never waits on Redis); match and
 * token events are counted per guest in the shared store (RateLimiter), so reconnecting to another
 * gateway does not reset them. A refused event is answered `webrtc:error RATE_LIMITED` and goes
 * nowhere; a socket refused too often (RATE_LIMIT_STRIKES) is disconnected.
 */
@Injectable()
export class SocketRateLimits {
  private readonly logger = new Logger(SocketRateLimits.name);
  /** Keyed by the socket object, so the state goes with the socket. */
  private readonly state = new WeakMap<RendezvousSocket, SocketLimits>();

  constructor(
    private readonly limiter: RateLimiter,
    private readonly errors: SocketErrors,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Synchronous and in memory: whether a relayed event may go on. */
  allowRelay(socket: RendezvousSocket, event: string): boolean {
    const name = RELAY_BUCKETS[event];
    if (!name) return true;
    const now = Date.now();
    const limits = this.limitsOf(socket, now);
    const bucket = (limits.buckets[name] ??= new TokenBucket(this.config.rateLimits[name], now));
    if (bucket.take(now)) return true;
    this.metrics.rateLimitedTotal.inc({ limit: name });
    this.refuse(socket, limits, event, rateLimitMessage(name, secondsPerToken(this.config.rateLimits[name])), now);
    return false;
  }

  /** Match and token events: one hit of the per-guest `match` limit in the shared store. */
  async allowControl(socket: RendezvousSocket, event: string): Promise<boolean> {
    try {
      await this.limiter.consume('match', socket.data.guest.id);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCodes.RateLimited) {
        const now = Date.now();
        this.refuse(socket, this.limitsOf(socket, now), event, error.message, now);
        return false;
      }
      // The limiter's store is away: the request itself will meet the same outage and say so.
      this.logger.warn(`rate limit unavailable event=${event}: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    }
  }

  private refuse(socket: RendezvousSocket, limits: SocketLimits, event: string, message: string, now: number): void {
    this.errors.send(socket, ErrorCodes.RateLimited, message, event);
    if (limits.strikes.take(now)) return;
    this.metrics.rateLimitedTotal.inc({ limit: 'strikes' });
    this.logger.warn(`disconnecting guest=${socket.data.guest.id} socket=${socket.id}: too many refused events`);
    this.errors.send(socket, ErrorCodes.RateLimited, 'Too many requests: you have been disconnected; reconnect and slow down');
    socket.disconnect(true);
  }

  private limitsOf(socket: RendezvousSocket, now: number): SocketLimits {
    let limits = this.state.get(socket);
    if (!limits) {
      limits = { buckets: {}, strikes: new TokenBucket(this.config.rateLimits.strikes, now) };
      this.state.set(socket, limits);
    }
    return limits;
  }
}

function secondsPerToken(rule: RateRule): number {
  return rule.windowMs / rule.count / 1000;
}
