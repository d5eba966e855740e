import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { DomainError, type PresenceStats, type ReportReason } from '@rendezvous/contracts';
import { busRequest, type StreamsBusClient } from '@rendezvous/redis';
import { MATCHMAKING_BUS, MatchmakingPatterns } from '../bus/matchmaking.patterns.js';
import type { ConnectionRequest, JoinOutcome, JoinRequest } from '../matchmaking.requests.js';
import { MatchmakingClient } from './matchmaking-client.port.js';
import { TurnBatcher } from './turn-batcher.js';

@Injectable()
export class BusMatchmakingClient extends MatchmakingClient {
  constructor(
    @Inject(MATCHMAKING_BUS) private readonly bus: StreamsBusClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** The joins of one event-loop turn travel as one request; each caller still gets its own outcome. */
  private readonly joins = new TurnBatcher<JoinRequest, JoinOutcome>((requests) =>
    busRequest<JoinOutcome[]>(this.bus, MatchmakingPatterns.JoinMany, { requests }, this.config.busTimeoutMs),
  );

  async join(request: JoinRequest): Promise<void> {
    const outcome = await this.joins.add(request);
    if (outcome) throw new DomainError(outcome.code, outcome.message);
  }
  leave(guestId: string): Promise<void> {
    return this.request(MatchmakingPatterns.Leave, { guestId });
  }
  next(request: JoinRequest): Promise<void> {
    return this.request(MatchmakingPatterns.Next, request);
  }
  connected(request: ConnectionRequest): Promise<void> {
    return this.request(MatchmakingPatterns.Connected, request);
  }
  disconnected(request: ConnectionRequest): Promise<void> {
    return this.request(MatchmakingPatterns.Disconnected, request);
  }
  sessionEnded(guestId: string): Promise<void> {
    return this.request(MatchmakingPatterns.SessionEnded, { guestId });
  }
  report(guestId: string, reason: ReportReason): Promise<void> {
    return this.request(MatchmakingPatterns.Report, { guestId, reason });
  }
  block(guestId: string): Promise<void> {
    return this.request(MatchmakingPatterns.Block, { guestId });
  }
  async ping(): Promise<void> {
    await busRequest(this.bus, MatchmakingPatterns.Ping, {}, Math.min(this.config.busTimeoutMs, 2_000));
  }
  stats(): Promise<PresenceStats> {
    return busRequest(this.bus, MatchmakingPatterns.Stats, {}, this.config.busTimeoutMs);
  }

  private async request(pattern: string, data: unknown): Promise<void> {
    await busRequest(this.bus, pattern, data, this.config.busTimeoutMs);
  }
}
