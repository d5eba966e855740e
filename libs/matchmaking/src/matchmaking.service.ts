import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { DomainError, ErrorCodes, ServerEvents, type GuestUser, type MatchEndReason, type PresenceStats, type ReportReason } from '@rendezvous/contracts';
import { Metrics } from '@rendezvous/observability';
import { toBusError } from '@rendezvous/redis';
import { banMessage, ModerationStore, SessionStore, type Reporter } from '@rendezvous/session';
import type { ConnectionRequest, JoinOutcome, JoinRequest } from './matchmaking.requests.js';
import { GuestNotifier } from './notifier/guest-notifier.port.js';
import { PairEndedListener } from './pair-ended.port.js';
import { modeOf, ownInterests, searchTags, sharedInterests } from './preferences/search-preferences.js';
import { PresenceRegistry } from './presence/presence-registry.port.js';
import { MatchQueue } from './queue/match-queue.port.js';
import { QUIET_NOTICE_DELAY_MS, ReconnectNotices } from './reconnect-notices.js';
import type { EndedPair, JoinOrigin, JoinResult, MatchRules, Pairing, QueueEntry } from './queue/queue-entry.js';

/** How often waiting guests, grace windows and dead gateways are looked at. */
export const SWEEP_INTERVAL_MS = 500;

/** Matchmaking: join / leave / next, the reconnect grace window, and the session mirror of pairings. */
@Injectable()
export class MatchmakingService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MatchmakingService.name);
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly queue: MatchQueue,
    private readonly presence: PresenceRegistry,
    private readonly notifier: GuestNotifier,
    private readonly sessions: SessionStore,
    private readonly metrics: Metrics,
    private readonly moderation: ModerationStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pairEnded: PairEndedListener,
    private readonly notices: ReconnectNotices,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  async join(request: JoinRequest): Promise<void> {
    const [outcome] = await this.joinMany([request]);
    if (outcome) throw new DomainError(outcome.code, outcome.message);
  }

  /**
   * Joins that arrived together (a gateway sends the joins of one event-loop turn as one request): one
   * ban lookup and one queue step pair them all, in order. Each join is answered on its own: null when
   * it went through, else the error for that guest.
   */
  async joinMany(requests: readonly JoinRequest[]): Promise<JoinOutcome[]> {
    const now = Date.now();
    const outcomes: JoinOutcome[] = requests.map(() => null);
    const bans = await this.moderation.bannedUntilMany(
      requests.map(({ guestId, deviceId, ipHash }) => ({ guestId, deviceId, ipHash })),
      now,
    );
    const admitted: Array<{ index: number; entry: QueueEntry; origin: JoinOrigin }> = [];
    requests.forEach(({ guestId, username, deviceId, interests, mode, gatewayId, requestId, socketId }, index) => {
      const bannedUntil = bans[index];
      if (bannedUntil !== null) outcomes[index] = { code: ErrorCodes.Banned, message: banMessage(bannedUntil, now) };
      else admitted.push({ index, entry: { guestId, username, deviceId, interests: searchTags(interests, mode), joinedAt: now, gatewayId }, origin: { requestId, socketId } });
    });
    if (admitted.length === 0) return outcomes;
    const results = await this.queue.joinMany(
      admitted.map(({ entry }) => entry),
      this.rules(now),
      admitted.map(({ origin }) => origin),
    );
    // A guest queued and then paired within the same batch is only told it was matched.
    const pairedInBatch = new Set(results.flatMap((result) => (result && typeof result === 'object' ? [result.other.guestId] : [])));
    await Promise.all(
      admitted.map(({ index, entry }, k) =>
        (results[k] === null && pairedInBatch.has(entry.guestId) ? Promise.resolve() : this.afterJoin(entry, results[k])).catch((error: unknown) => {
          outcomes[index] = toBusError(error, this.logger, `join guest=${entry.guestId}`);
        }),
      ),
    );
    return outcomes;
  }

  /** `requestId`: of the bus request; a redelivered leave ends nothing a second time. */
  async leave(guestId: string, requestId?: string): Promise<void> {
    await this.queue.leave(guestId);
    const ended = await this.queue.endPair(guestId, this.config.rematchCooldownMs, requestId);
    if (ended === 'duplicate') return;
    if (ended) await this.finish(ended, guestId, 'partner-left', 'left');
    else await this.mirror(guestId, { isSearching: false });
  }

  /**
   * Skips the current partner (who is told) and looks for a new one, not the same one again soon. A
   * redelivered next changes nothing: its end step and its join step each find its request id applied.
   */
  async next(request: JoinRequest): Promise<void> {
    const ended = await this.queue.endPair(request.guestId, this.config.rematchCooldownMs, request.requestId);
    if (ended && ended !== 'duplicate') await this.finish(ended, request.guestId, 'partner-next');
    await this.join(request);
  }

  /**
   * Ends the pairing, keeps the two apart for good (BLOCK_TTL_SECONDS) and records the report (see
   * reporterOf for who counts how much); enough of them ban the reported guest's id and device.
   */
  async report(guestId: string, reason: ReportReason, requestId?: string): Promise<void> {
    const ended = await this.blockPartner(guestId, 'reported', requestId);
    if (ended === 'duplicate') return;
    const reportedId = ended.guestIds[0] === guestId ? ended.guestIds[1] : ended.guestIds[0];
    const [reporter, reported] = await Promise.all([this.sessions.get(guestId), this.sessions.get(reportedId)]);
    const now = Date.now();
    const { reportBanThreshold: threshold, reportWindowMs: windowMs, banMs, addressBanMs } = this.config.moderation;
    const outcome = await this.moderation.report(
      { guestId: reportedId, deviceId: reported?.deviceId ?? null, ipHash: reported?.ipHash ?? null },
      await this.reporterOf(guestId, reporter, now),
      { threshold, windowMs, banMs, addressBanMs },
      now,
    );
    this.logger.log(`report pair=${ended.pairId} reporter=${guestId} reported=${reportedId} reason=${reason} reports=${outcome.reports}`);
    if (outcome.bannedUntil === null) return;
    this.logger.warn(`banned guest=${reportedId} for ${Math.round(banMs / 1000)} s after reports weighing ${outcome.reports}${outcome.addressBannedUntil ? ', and its address briefly' : ''}`);
    await this.queue.leave(reportedId);
    this.notifier.emit(reportedId, ServerEvents.Error, { code: ErrorCodes.Banned, message: banMessage(outcome.bannedUntil, now) });
  }

  /**
   * One network (its /24 or /64) is one reporter, and so is one device, however many sessions they open.
   * A report weighs 1, half for a session younger than REPORT_TRUSTED_AGE_SECONDS, and half again from a
   * reporter that was itself reported in the window.
   */
  private async reporterOf(guestId: string, reporter: GuestUser | null, now: number): Promise<Reporter> {
    const { reportTrustedAgeMs, reportWindowMs } = this.config.moderation;
    const age = reporter ? now - Date.parse(reporter.createdAt) : 0;
    const reportedItself = (await this.moderation.reportedWeight({ guestId, deviceId: reporter?.deviceId }, reportWindowMs, now)) > 0;
    return {
      network: reporter?.networkHash ?? `g:${guestId}`,
      deviceId: reporter?.deviceId ?? null,
      weight: (age >= reportTrustedAgeMs ? 1 : 0.5) * (reportedItself ? 0.5 : 1),
    };
  }

  /** Ends the pairing and never matches the two again (BLOCK_TTL_SECONDS). */
  async block(guestId: string, requestId?: string): Promise<void> {
    const ended = await this.blockPartner(guestId, 'blocked', requestId);
    if (ended !== 'duplicate') this.logger.log(`block pair=${ended.pairId} by=${guestId}`);
  }

  /**
   * The guest's gateway attached a new socket (PresenceRegistry.attach) and tells matchmaking: the session
   * mirror, the end of a grace window, the pairing restored. Nothing when that socket is no longer the
   * guest's current one (it closed, or another replaced it, before this was handled).
   */
  async connected(request: ConnectionRequest): Promise<void> {
    if ((await this.presence.connection(request.guestId))?.socketId !== request.socketId) return;
    await this.mirror(request.guestId, { isOnline: true, socketId: request.socketId, lastSeen: new Date().toISOString() });
    const grace = await this.presence.cancelGrace(request.guestId);
    const restored = await this.resendMatch(request.guestId, true);
    // Only a partner who was told the guest went hears that it is back.
    if (restored && grace === 'announced') this.notifier.emit(restored, ServerEvents.PartnerReconnected, {});
  }

  /**
   * A socket closed: its gateway detached it already (so nobody is matched with the guest meanwhile);
   * unless a newer socket took over, the guest leaves the queue and its pairing waits out the grace window.
   * Handled whenever matchmaking gets to it (after an outage too); twice, it changes nothing more.
   */
  async disconnected(request: ConnectionRequest): Promise<void> {
    await this.presence.detach(request.guestId, request.socketId); // in case its gateway could not (Redis away)
    if (await this.presence.connection(request.guestId)) return; // a newer socket took over
    await this.goneAway(request.guestId);
  }

  /** Ends everything a guest owns here, before its session record is deleted. */
  async sessionEnded(guestId: string, requestId?: string): Promise<void> {
    await this.queue.leave(guestId);
    await this.presence.cancelGrace(guestId);
    const ended = await this.queue.endPair(guestId, 0, requestId);
    if (ended === 'duplicate') return;
    if (ended) await this.finish(ended, guestId, 'partner-left');
    this.notifier.emit(guestId, ServerEvents.MatchEnded, { reason: 'session-ended' });
    this.notifier.disconnect(guestId);
  }

  async stats(): Promise<PresenceStats> {
    const [online, searching] = await Promise.all([this.presence.onlineCount(), this.queue.size()]);
    return { online, searching };
  }

  /** Periodic: interest fallbacks, expired grace windows, gateways that stopped heartbeating. */
  async sweep(now = Date.now()): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (const pairing of await this.queue.sweep(this.rules(now))) await this.announce(pairing);
      for (const guestId of await this.presence.takeQuiet(now - QUIET_NOTICE_DELAY_MS)) await this.announceAway(guestId);
      for (const guestId of await this.presence.takeExpiredGrace(now)) {
        if (await this.presence.connection(guestId)) continue; // it came back meanwhile
        const ended = await this.queue.endPair(guestId, 0);
        if (ended) await this.finish(ended, guestId, 'partner-disconnected');
      }
      for (const gatewayId of await this.presence.deadGateways()) await this.dropDeadGateway(gatewayId);
      this.metrics.queueDepth.set(await this.queue.size());
      this.metrics.activePairs.set(await this.queue.pairCount(now));
    } catch (error) {
      this.logger.warn(`sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  /**
   * A slice of guests at a time (PresenceRegistry.forgetGateway), so neither Redis nor this loop is held
   * up by a gateway with many guests: each leaves the queue, and a pairing waits for it for the grace window.
   */
  private async dropDeadGateway(gatewayId: string): Promise<void> {
    let away = 0;
    for (let done = false; !done; ) {
      const slice = await this.presence.forgetGateway(gatewayId);
      await Promise.all(slice.guests.map((guestId) => this.goneAway(guestId)));
      away += slice.guests.length;
      done = slice.done;
    }
    this.logger.warn(`gateway ${gatewayId} stopped heartbeating: ${away} guests away`);
  }

  /** The guest has no socket: out of the queue; a pairing waits for it for the grace window. */
  private async goneAway(guestId: string): Promise<void> {
    await this.queue.leave(guestId);
    const pair = await this.queue.pairOf(guestId);
    if (pair) {
      const now = Date.now();
      const announce = await this.notices.announceNow(guestId);
      // False when its grace window had already started (a redelivered disconnect): nobody is told twice.
      const started = await this.presence.startGrace(guestId, now + this.config.reconnectGraceMs, announce ? undefined : now);
      if (started && announce) this.notifier.emit(pair.partnerId, ServerEvents.PartnerReconnecting, { graceMs: this.config.reconnectGraceMs });
    }
    await this.mirror(guestId, { isSearching: false, isOnline: false, socketId: null, lastSeen: new Date().toISOString() });
  }

  /** A guest whose quiet absence lasted: its partner is told now, with what is left of the grace window. */
  private async announceAway(guestId: string): Promise<void> {
    const pair = await this.queue.pairOf(guestId);
    if (!pair || (await this.presence.connection(guestId))) return;
    this.notifier.emit(pair.partnerId, ServerEvents.PartnerReconnecting, { graceMs: Math.max(0, this.config.reconnectGraceMs - QUIET_NOTICE_DELAY_MS) });
  }

  /** Tells the guest (and a new partner) what its join did, and mirrors it into the session. */
  private async afterJoin({ guestId, interests: tags }: QueueEntry, result: JoinResult): Promise<void> {
    if (result === 'paired') {
      await this.resendMatch(guestId);
    } else if (result === null) {
      this.logger.debug(`queued guest=${guestId}`);
      await this.mirror(guestId, { isSearching: true, interests: ownInterests(tags) });
      this.notifier.emit(guestId, ServerEvents.MatchSearching, {});
    } else if (result === 'gone' || result === 'duplicate') {
      this.logger.debug(`join guest=${guestId}: ${result === 'gone' ? 'its socket closed meanwhile' : 'already applied'}`);
    } else {
      await this.announce(result);
    }
  }

  private async blockPartner(guestId: string, reasonForSelf: 'reported' | 'blocked', requestId?: string): Promise<EndedPair | 'duplicate'> {
    const ended = await this.queue.blockPair(guestId, this.config.moderation.blockMs, requestId);
    if (ended === 'duplicate') return ended;
    if (!ended) throw new DomainError(ErrorCodes.NotConnected, 'You are not connected to a partner');
    await this.finish(ended, guestId, 'partner-left', reasonForSelf);
    return ended;
  }

  /** Tells the guest about its current pairing (and puts its sockets in the pair room); returns the partner id. */
  private async resendMatch(guestId: string, restored = false): Promise<string | null> {
    const pair = await this.queue.pairOf(guestId);
    if (!pair) return null;
    this.notifier.joinPair(pair.pairId, guestId, pair.partnerId);
    this.notifier.emit(guestId, ServerEvents.MatchFound, {
      partner: { id: pair.partnerId, username: pair.partnerUsername },
      initiator: pair.initiator,
      pairId: pair.pairId,
      ...(restored ? { restored: true } : {}),
    });
    return pair.partnerId;
  }

  private async announce({ pairId, initiator, other }: Pairing): Promise<void> {
    this.logger.log(`matched pair=${pairId} guests=${initiator.guestId},${other.guestId}`);
    const now = Date.now();
    this.metrics.matchesTotal.inc();
    for (const entry of [initiator, other]) this.metrics.timeToMatch.observe(Math.max(0, now - entry.joinedAt) / 1000);
    this.notifier.joinPair(pairId, initiator.guestId, other.guestId);
    this.notifier.joinPair(pairId, other.guestId, initiator.guestId);
    const connectedAt = new Date().toISOString();
    for (const [self, partner, isInitiator] of [[initiator, other, true], [other, initiator, false]] as const) {
      this.notifier.emit(self.guestId, ServerEvents.MatchFound, {
        partner: { id: partner.guestId, username: partner.username, mode: modeOf(partner.interests) },
        initiator: isInitiator,
        pairId,
        sharedInterests: sharedInterests(self.interests, partner.interests),
      });
    }
    await Promise.all([
      this.mirror(initiator.guestId, { connectedUser: other.guestId, isSearching: false, connectedAt }),
      this.mirror(other.guestId, { connectedUser: initiator.guestId, isSearching: false, connectedAt }),
    ]);
  }

  /** Drops what the pair owned, empties the pair room, tells the other guest why, and clears both mirrors. */
  private async finish(ended: EndedPair, endedBy: string, reasonForOther: MatchEndReason, reasonForSelf?: MatchEndReason): Promise<void> {
    this.logger.log(`pair ended pair=${ended.pairId} by=${endedBy} reason=${reasonForOther}`);
    await this.notifyPairEnded(ended);
    this.notifier.leavePair(ended.pairId, ended.guestIds);
    const other = ended.guestIds[0] === endedBy ? ended.guestIds[1] : ended.guestIds[0];
    this.notifier.emit(other, ServerEvents.MatchEnded, { reason: reasonForOther });
    if (reasonForSelf) this.notifier.emit(endedBy, ServerEvents.MatchEnded, { reason: reasonForSelf });
    await this.presence.cancelGrace(other);
    await Promise.all(ended.guestIds.map((id) => this.mirror(id, { connectedUser: null, connectedAt: null, isSearching: false })));
  }

  /** Before anyone is told, so that whoever hears "ended" finds nothing left; a failure is logged (TTLs are the safety net). */
  private async notifyPairEnded(ended: EndedPair): Promise<void> {
    try {
      await this.pairEnded.pairEnded(ended);
    } catch (error) {
      this.logger.warn(`pair cleanup failed pair=${ended.pairId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Keeps GuestUser.connectedUser/isSearching in step; the queue's pairing is the truth, so a failure here is logged, not fatal. */
  private async mirror(guestId: string, patch: Partial<GuestUser>): Promise<void> {
    try {
      await this.sessions.patch(guestId, patch);
    } catch (error) {
      this.logger.warn(`session mirror failed guest=${guestId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private rules(now = Date.now()): MatchRules {
    return { now, fallbackMs: this.config.interestFallbackMs, pairTtlMs: this.config.sessionTtlSeconds * 2000 };
  }
}
