import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { DomainError, type PresenceStats, type ReportReason } from '@rendezvous/contracts';
import { busDeliver, busRequest, type StreamsBusClient } from '@rendezvous/redis';
import { randomUUID } from 'node:crypto';
import { MATCHMAKING_BUS, MatchmakingPatterns } from '../bus/matchmaking.patterns.js';
import type { ConnectionRequest, JoinOutcome, JoinRequest } from '../matchmaking.requests.js';
import { MatchmakingClient } from './matchmaking-client.port.js';
import { TurnBatcher } from './turn-batcher.js';

/**
 * A join or next waits this many bus deadlines (BUS_TIMEOUT_MS) for matchmaking before the guest is
 * told: long enough to ride out a restart or a short outage of every replica, searching all along.
 */
export const JOIN_WAIT_FACTOR = 6;

/**
 * MatchmakingClient over the bus. Every request that changes something carries a request id, so a
 * redelivered one changes nothing twice. Joins and next wait for matchmaking (JOIN_WAIT_FACTOR); a
 * leave or a socket come or gone is never dropped: it waits in the stream until a replica takes it.
 */
@Injectable()
export class BusMatchmakingClient extends MatchmakingClient {
  private readonly logger = new Logger(BusMatchmakingClient.name);
  private readonly joinWaitMs: number;

  constructor(
    @Inject(MATCHMAKING_BUS) private readonly bus: StreamsBusClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    this.joinWaitMs = config.busTimeoutMs * JOIN_WAIT_FACTOR;
  }

  /** The joins of one event-loop turn travel as one request; each caller still gets its own outcome. */
  private readonly joins = new TurnBatcher<JoinRequest, JoinOutcome>((requests) =>
    busRequest<JoinOutcome[]>(this.bus, MatchmakingPatterns.JoinMany, { requests }, this.joinWaitMs),
  );

  async join(request: JoinRequest): Promise<void> {
    const outcome = await this.joins.add({ ...request, requestId: randomUUID() });
    if (outcome) throw new DomainError(outcome.code, outcome.message);
  }
  async next(request: JoinRequest): Promise<void> {
    await busRequest(this.bus, MatchmakingPatterns.Next, { ...request, requestId: randomUUID() }, this.joinWaitMs);
  }
  leave(guestId: string): Promise<void> {
    return this.deliver(MatchmakingPatterns.Leave, { guestId, requestId: randomUUID() }, this.joinWaitMs);
  }
  connected(request: ConnectionRequest): Promise<void> {
    return this.deliver(MatchmakingPatterns.Connected, request, this.joinWaitMs);
  }
  disconnected(request: ConnectionRequest): Promise<void> {
    return this.deliver(MatchmakingPatterns.Disconnected, request, this.joinWaitMs);
  }
  sessionEnded(guestId: string): Promise<void> {
    return this.deliver(MatchmakingPatterns.SessionEnded, { guestId, requestId: randomUUID() }, this.config.busTimeoutMs);
  }
  async report(guestId: string, reason: ReportReason): Promise<void> {
    await busRequest(this.bus, MatchmakingPatterns.Report, { guestId, reason, requestId: randomUUID() }, this.config.busTimeoutMs);
  }
  async block(guestId: string): Promise<void> {
    await busRequest(this.bus, MatchmakingPatterns.Block, { guestId, requestId: randomUUID() }, this.config.busTimeoutMs);
  }
  async ping(): Promise<void> {
    await busRequest(this.bus, MatchmakingPatterns.Ping, {}, Math.min(this.config.busTimeoutMs, 2_000));
  }
  stats(): Promise<PresenceStats> {
    return busRequest(this.bus, MatchmakingPatterns.Stats, {}, this.config.busTimeoutMs);
  }

  /** Not answered in time: it stays in the stream and is applied once a replica takes it; the caller goes on. */
  private async deliver(pattern: string, data: object, waitMs: number): Promise<void> {
    if ((await busDeliver(this.bus, pattern, data, waitMs)) === 'queued') {
      this.logger.warn(`${pattern}: matchmaking did not answer within ${waitMs} ms; the request waits for it and will be applied`);
    }
  }
}
