import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { GuestUser } from '@rendezvous/contracts';
import { RpcDomainErrorFilter } from '@rendezvous/redis';
import { InProcessSessionClient } from '../client/in-process-session.client.js';
import { SessionPatterns } from './session.patterns.js';

/** The session service's answers on the bus; the gateways' BusSessionClient is the other end. */
@Controller()
@UseFilters(RpcDomainErrorFilter)
export class SessionBusController {
  constructor(private readonly local: InProcessSessionClient) {}

  @MessagePattern(SessionPatterns.Authenticate)
  authenticate(@Payload() data: { token: string }): Promise<GuestUser> {
    return this.local.authenticate(String(data?.token ?? ''));
  }

  @MessagePattern(SessionPatterns.Ping)
  ping(): string {
    return 'pong';
  }

  @MessagePattern(SessionPatterns.Touch)
  async touch(@Payload() data: { guestIds: string[] }): Promise<boolean> {
    await this.local.touch(Array.isArray(data?.guestIds) ? data.guestIds.map(String) : []);
    return true;
  }
}
