import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DomainError, ErrorCodes, ReportReasons, type PresenceStats, type ReportReason } from '@rendezvous/contracts';
import { RpcDomainErrorFilter } from '@rendezvous/redis';
import { MatchmakingService } from '../matchmaking.service.js';
import type { ConnectionRequest, JoinOutcome, JoinRequest } from '../matchmaking.requests.js';
import { MatchmakingPatterns } from './matchmaking.patterns.js';

/**
 * Matchmaking's answers on the bus. Inputs come from gateways, which validated the client's part. A
 * request may arrive twice (at-least-once delivery): its `requestId` (or, for a socket come or gone,
 * its socket id) lets the service apply it once.
 */
@Controller()
@UseFilters(RpcDomainErrorFilter)
export class MatchmakingBusController {
  constructor(private readonly matchmaking: MatchmakingService) {}

  @MessagePattern(MatchmakingPatterns.JoinMany)
  joinMany(@Payload() data: { requests: JoinRequest[] }): Promise<JoinOutcome[]> {
    if (!Array.isArray(data?.requests)) throw new DomainError(ErrorCodes.InvalidPayload, 'requests must be an array');
    return this.matchmaking.joinMany(data.requests);
  }

  @MessagePattern(MatchmakingPatterns.Leave)
  async leave(@Payload() data: { guestId: string; requestId?: string }): Promise<boolean> {
    await this.matchmaking.leave(data.guestId, data.requestId);
    return true;
  }

  @MessagePattern(MatchmakingPatterns.Next)
  async next(@Payload() request: JoinRequest): Promise<boolean> {
    await this.matchmaking.next(request);
    return true;
  }

  @MessagePattern(MatchmakingPatterns.Connected)
  async connected(@Payload() request: ConnectionRequest): Promise<boolean> {
    await this.matchmaking.connected(request);
    return true;
  }

  @MessagePattern(MatchmakingPatterns.Disconnected)
  async disconnected(@Payload() request: ConnectionRequest): Promise<boolean> {
    await this.matchmaking.disconnected(request);
    return true;
  }

  @MessagePattern(MatchmakingPatterns.SessionEnded)
  async sessionEnded(@Payload() data: { guestId: string; requestId?: string }): Promise<boolean> {
    await this.matchmaking.sessionEnded(data.guestId, data.requestId);
    return true;
  }

  @MessagePattern(MatchmakingPatterns.Report)
  async report(@Payload() data: { guestId: string; reason: ReportReason; requestId?: string }): Promise<boolean> {
    const reason = ReportReasons.includes(data.reason) ? data.reason : 'other';
    await this.matchmaking.report(String(data.guestId), reason, data.requestId);
    return true;
  }

  @MessagePattern(MatchmakingPatterns.Block)
  async block(@Payload() data: { guestId: string; requestId?: string }): Promise<boolean> {
    await this.matchmaking.block(String(data.guestId), data.requestId);
    return true;
  }

  @MessagePattern(MatchmakingPatterns.Ping)
  ping(): string {
    return 'pong';
  }

  @MessagePattern(MatchmakingPatterns.Stats)
  stats(): Promise<PresenceStats> {
    return this.matchmaking.stats();
  }
}
