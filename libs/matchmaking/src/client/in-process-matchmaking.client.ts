import { Injectable } from '@nestjs/common';
import type { PresenceStats, ReportReason } from '@rendezvous/contracts';
import { MatchmakingService } from '../matchmaking.service.js';
import type { ConnectionRequest, JoinRequest } from '../matchmaking.requests.js';
import { MatchmakingClient } from './matchmaking-client.port.js';

@Injectable()
export class InProcessMatchmakingClient extends MatchmakingClient {
  constructor(private readonly matchmaking: MatchmakingService) {
    super();
  }

  join(request: JoinRequest): Promise<void> {
    return this.matchmaking.join(request);
  }
  leave(guestId: string): Promise<void> {
    return this.matchmaking.leave(guestId);
  }
  next(request: JoinRequest): Promise<void> {
    return this.matchmaking.next(request);
  }
  connected(request: ConnectionRequest): Promise<void> {
    return this.matchmaking.connected(request);
  }
  disconnected(request: ConnectionRequest): Promise<void> {
    return this.matchmaking.disconnected(request);
  }
  sessionEnded(guestId: string): Promise<void> {
    return this.matchmaking.sessionEnded(guestId);
  }
  report(guestId: string, reason: ReportReason): Promise<void> {
    return this.matchmaking.report(guestId, reason);
  }
  block(guestId: string): Promise<void> {
    return this.matchmaking.block(guestId);
  }
  async ping(): Promise<void> {
    // Same process: always reachable.
  }
  stats(): Promise<PresenceStats> {
    return this.matchmaking.stats();
  }
}
