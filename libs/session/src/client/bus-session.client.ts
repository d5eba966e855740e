import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import type { GuestUser } from '@rendezvous/contracts';
import { busRequest, type StreamsBusClient } from '@rendezvous/redis';
import { SESSION_BUS, SessionPatterns } from '../bus/session.patterns.js';
import { SessionClient } from './session-client.port.js';

@Injectable()
export class BusSessionClient extends SessionClient {
  constructor(
    @Inject(SESSION_BUS) private readonly bus: StreamsBusClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  authenticate(token: string): Promise<GuestUser> {
    return busRequest(this.bus, SessionPatterns.Authenticate, { token }, this.config.busTimeoutMs);
  }

  async ping(): Promise<void> {
    await busRequest(this.bus, SessionPatterns.Ping, {}, Math.min(this.config.busTimeoutMs, 2_000));
  }

  async touch(guestIds: string[]): Promise<void> {
    if (guestIds.length === 0) return;
    await busRequest(this.bus, SessionPatterns.Touch, { guestIds }, this.config.busTimeoutMs);
  }
}
