import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type RateRule } from '@rendezvous/config';
import { ClientEvents, DomainError, ErrorCodes } from '@rendezvous/contracts';
import { Metrics } from '@rendezvous/observability';
import { BucketStore, clientAddress, keyedHash, rateLimitMessage, RateLimiter, type BucketStates } from '@rendezvous/redis';
import { SocketErrors } from '../socket-errors.js';
import type { RendezvousSocket } from '../socket-types.js';
import { TokenBucket } from './token-bucket.js';
import { ViolationLog } from './violation-log.js';

type RelayBucket = 'chat' | 'typing' | 'signaling' | 'ice';
type BucketName = RelayBucket | 'strikes';

/** Which bucket a relayed event draws from. */
const RELAY_BUCKETS: Readonly<Record<string, RelayBucket>> = {
  [ClientEvents.ChatMessage]: 'chat',
  [ClientEvents.ChatTyping]: 'typing',
  [ClientEvents.Offer]: 'signaling',
  [ClientEvents.Answer]: 'signaling',
  [ClientEvents.CallEnd]: 'signaling',
  [ClientEvents.CallReject]: 'signaling',
  [ClientEvents.IceCandidate]: 'ice',
};

interface SocketLimits {
  /** What the guest's last socket left (loaded at the handshake); a bucket starts from it when first used. */
  saved: BucketStates;
  buckets: Map<BucketName, TokenBucket>;
  /** Set once the socket is being disconnected for flooding: its remaining events are dropped quietly. */
  cutOff: boolean;
}

/**
 * The limits of a guest's socket. Handshakes are counted per client address and per guest in the shared
 * store, so connecting over and over is itself limited. Relayed events draw from token buckets in this
 * gateway's memory (the relay path never waits on Redis); when the socket goes, its buckets are saved
 * (BucketStore) and the guest's next socket, on any gateway, carries on from them — reconnecting never
 * refills them. Match and token events are counted per guest in the shared store (RateLimiter). A refused
 * event is answered `webrtc:error RATE_LIMITED` and goes nowhere; a guest refused too often
 * (RATE_LIMIT_STRIKES) is disconnected.
 */
@Injectable()
export class SocketRateLimits {
  private readonly logger = new Logger(SocketRateLimits.name);
  /** Keyed by the socket object, so the state goes with the socket. */
  private readonly state = new WeakMap<RendezvousSocket, SocketLimits>();

  constructor(
    private readonly limiter: RateLimiter,
    private readonly saved: BucketStore,
    private readonly errors: SocketErrors,
    private readonly violations: ViolationLog,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Before authentication: one handshake of the client's address. Throws RATE_LIMITED past the limit. */
  async admitAddress(socket: RendezvousSocket): Promise<void> {
    const address = clientAddress(socket.request, this.config.trustProxyHops);
    await this.limiter.consume('handshakeAddress', keyedHash(this.config.jwtSecret, address));
  }

  /** After authentication: one handshake of the guest, and the buckets its last socket left. */
  async admitGuest(socket: RendezvousSocket): Promise<void> {
    const guestId = socket.data.guest.id;
    // Both at once: one round trip's wait, not two, on every (re)connect.
    const [, saved] = await Promise.all([
      this.limiter.consume('handshake', guestId),
      this.saved.load(guestId).catch((error: unknown) => {
        // The store is away: full buckets this once; the handshake limit still bounds how often.
        this.logger.warn(`saved buckets unavailable guest=${guestId}: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      }),
    ]);
    this.state.set(socket, { saved: saved ?? {}, buckets: new Map(), cutOff: false });
  }

  /** The socket is gone: what its buckets hold waits for the guest's next socket, until they would have refilled. */
  async release(socket: RendezvousSocket): Promise<void> {
    const limits = this.state.get(socket);
    if (!limits) return;
    const now = Date.now();
    const states: BucketStates = {};
    let ttlMs = 0;
    for (const name of new Set<BucketName>([...(Object.keys(limits.saved) as BucketName[]), ...limits.buckets.keys()])) {
      const bucket = this.bucket(limits, name, now);
      const state = bucket.state(now);
      if (!state) continue;
      states[name] = state;
      ttlMs = Math.max(ttlMs, bucket.refillMs(now));
    }
    if (ttlMs === 0) return;
    try {
      await this.saved.save(socket.data.guest.id, states, ttlMs);
    } catch (error) {
      this.logger.warn(`could not save buckets guest=${socket.data.guest.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Synchronous and in memory: whether a relayed event may go on. */
  allowRelay(socket: RendezvousSocket, event: string): boolean {
    const name = RELAY_BUCKETS[event];
    if (!name) return true;
    const now = Date.now();
    const limits = this.limitsOf(socket);
    if (limits.cutOff) return false;
    if (this.bucket(limits, name, now).take(now)) return true;
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
        this.refuse(socket, this.limitsOf(socket), event, error.message, Date.now());
        return false;
      }
      // The limiter's store is away: the request itself will meet the same outage and say so.
      this.logger.warn(`rate limit unavailable event=${event}: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    }
  }

  private refuse(socket: RendezvousSocket, limits: SocketLimits, event: string, message: string, now: number): void {
    if (limits.cutOff) return;
    this.errors.send(socket, ErrorCodes.RateLimited, message, event);
    if (this.bucket(limits, 'strikes', now).take(now)) return;
    limits.cutOff = true;
    this.metrics.rateLimitedTotal.inc({ limit: 'strikes' });
    this.violations.warn(socket, 'flooding', `disconnecting guest=${socket.data.guest.id} socket=${socket.id}: too many refused events`);
    this.errors.send(socket, ErrorCodes.RateLimited, 'Too many requests: you have been disconnected; reconnect and slow down');
    socket.disconnect(true);
  }

  private bucket(limits: SocketLimits, name: BucketName, now: number): TokenBucket {
    let bucket = limits.buckets.get(name);
    if (!bucket) {
      bucket = new TokenBucket(this.config.rateLimits[name], now, limits.saved[name]);
      limits.buckets.set(name, bucket);
    }
    return bucket;
  }

  /** A socket admitted before this process knew it (tests that skip the handshake) starts with full buckets. */
  private limitsOf(socket: RendezvousSocket): SocketLimits {
    let limits = this.state.get(socket);
    if (!limits) {
      limits = { saved: {}, buckets: new Map(), cutOff: false };
      this.state.set(socket, limits);
    }
    return limits;
  }
}

function secondsPerToken(rule: RateRule): number {
  return rule.windowMs / rule.count / 1000;
}
