import { Injectable } from '@nestjs/common';
import type { GuestUser } from '@rendezvous/contracts';
import { SessionService } from '../session.service.js';
import { SessionClient } from './session-client.port.js';

@Injectable()
export class InProcessSessionClient extends SessionClient {
  constructor(private readonly sessions: SessionService) {
    super();
  }

  authenticate(token: string): Promise<GuestUser> {
    return this.sessions.authenticate(token);
  }

  async ping(): Promise<void> {
    // Same process: always reachable.
  }

  async touch(guestIds: string[]): Promise<void> {
    await Promise.all(guestIds.map((id) => this.sessions.touch(id)));
  }
}
