import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { ServerEvents, type PresenceStats } from '@rendezvous/contracts';
import { MatchmakingClient, PresenceRegistry, type GatewayLink } from '@rendezvous/matchmaking';
import { SessionClient } from '@rendezvous/session';
import type { RendezvousServer } from '../socket-types.js';
import { broadcastInSlices } from './sliced-broadcast.js';

/** Sessions of connected guests slide their TTL this often, in one batch. */
const ACTIVITY_FLUSH_MS = 60_000;

/**
 * The gateway's periodic work: heartbeat (so a crash is noticed), `presence:stats` to local sockets
 * at most once per interval and only when changed, and keeping connected guests' sessions alive.
 */
@Injectable()
export class GatewayPresenceService {
  private readonly logger = new Logger(GatewayPresenceService.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private server: RendezvousServer | null = null;
  private lastStats: PresenceStats | null = null;
  /** A socket came or went since the last heartbeat: the next stats tick heartbeats first, so counts are fresh. */
  private socketsChanged = false;
  private link: Promise<GatewayLink> | null = null;
  private broadcasting = false;

  constructor(
    private readonly presence: PresenceRegistry,
    private readonly matchmaking: MatchmakingClient,
    private readonly sessions: SessionClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The timers run even if Redis is away at boot: the next beat gets through once it is back. */
  async start(server: RendezvousServer): Promise<void> {
    this.server = server;
    this.every(this.config.gatewayHeartbeatMs, () => this.heartbeat());
    this.every(this.config.presenceIntervalMs, () => this.broadcastStats());
    this.every(ACTIVITY_FLUSH_MS, () => this.flushActivity());
    await this.heartbeat();
  }

  /** The last stats broadcast, for a socket that just connected. */
  get stats(): PresenceStats | null {
    return this.lastStats;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    const link = this.link;
    this.link = null;
    await link?.then((held) => held.close()).catch(() => undefined);
    await this.presence.removeGateway(this.config.gatewayId).catch(() => undefined);
  }

  /** A socket connected or disconnected here. */
  socketsChangedHere(): void {
    this.socketsChanged = true;
  }

  /** Records a guest's new socket here, before matchmaking hears of it: from now on it is the guest's current one. */
  attach(guestId: string, socketId: string): Promise<void> {
    return this.presence.attach(guestId, { socketId, gatewayId: this.config.gatewayId });
  }

  /**
   * Forgets a guest's closed socket at once, so matching never hands the guest out from this moment, even
   * while matchmaking has not handled the disconnect yet (it may be busy or restarting). Never throws: the
   * disconnect request does it again.
   */
  async detach(guestId: string, socketId: string): Promise<void> {
    await this.presence.detach(guestId, socketId).catch((error: unknown) => this.logger.warn(`detach failed guest=${guestId}: ${String(error)}`));
  }

  localSocketCount(): number {
    return this.server?.of('/').sockets.size ?? 0;
  }

  private every(ms: number, task: () => Promise<void>): void {
    const timer = setInterval(() => {
      task().catch((error: unknown) => this.logger.warn(`${task.name || 'presence task'} failed: ${error instanceof Error ? error.message : String(error)}`));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private async heartbeat(): Promise<void> {
    this.socketsChanged = false;
    // The link goes first: a heartbeat then marks this gateway as one whose crash is noticed at once.
    this.link ??= this.presence.link(this.config.gatewayId).then(
      (link) => {
        // Redis came back (maybe empty): beat at once rather than leave this gateway's joiners unmatched until the next period.
        link.onRestored(() => void this.heartbeat().catch((error: unknown) => this.logger.warn(`heartbeat failed: ${String(error)}`)));
        return link;
      },
      (error: unknown) => {
        this.link = null;
        throw error;
      },
    );
    await this.link;
    await this.presence.heartbeat(this.config.gatewayId, this.localSocketCount(), this.config.gatewayTtlMs);
  }

  private async broadcastStats(): Promise<void> {
    if (this.broadcasting) return; // the last one is still going out (a stalled loop): never two at once
    this.broadcasting = true;
    try {
      await this.sendStats();
    } finally {
      this.broadcasting = false;
    }
  }

  private async sendStats(): Promise<void> {
    if (this.socketsChanged) await this.heartbeat();
    const stats = await this.matchmaking.stats();
    if (this.lastStats && this.lastStats.online === stats.online && this.lastStats.searching === stats.searching) return;
    this.lastStats = stats;
    // Spread over half the interval, so each socket still hears at most one a second, about a second apart.
    if (this.server) await broadcastInSlices(this.server, ServerEvents.PresenceStats, stats, { spreadMs: this.config.presenceIntervalMs / 2 });
  }

  private async flushActivity(): Promise<void> {
    const guestIds = [...(this.server?.of('/').sockets.values() ?? [])].map((socket) => socket.data.guest.id);
    if (guestIds.length === 0) return;
    await this.sessions.touch(guestIds);
  }
}
