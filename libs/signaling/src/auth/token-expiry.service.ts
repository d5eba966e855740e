import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConnectErrors, DomainError, ErrorCodes } from '@rendezvous/contracts';
import { SessionClient } from '@rendezvous/session';
import { SocketErrors } from '../socket-errors.js';
import type { RendezvousSocket } from '../socket-types.js';
import { tokenExpiry } from './token-expiry.js';

/**
 * A socket lives as long as its token: when the token expires, the socket gets TOKEN_EXPIRED and
 * is closed — unless the client handed over a fresh token (`session:token`) for the same guest.
 */
@Injectable()
export class TokenExpiryService implements OnModuleDestroy {
  private readonly logger = new Logger(TokenExpiryService.name);
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly sessions: SessionClient,
    private readonly errors: SocketErrors,
  ) {}

  watch(socket: RendezvousSocket): void {
    this.forget(socket.id);
    const expiresAt = socket.data.tokenExpiresAt;
    if (expiresAt === null) return;
    // setTimeout takes at most 2^31-1 ms; a longer token is re-armed when that fires.
    const delay = Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      if (Date.now() < expiresAt) return this.watch(socket);
      this.logger.log(`token expired guest=${socket.data.guest.id} socket=${socket.id}`);
      this.errors.send(socket, ErrorCodes.TokenExpired, ConnectErrors.TokenExpired);
      socket.disconnect(true);
    }, delay);
    timer.unref();
    this.timers.set(socket.id, timer);
  }

  /** `session:token {token}`: a refreshed token for the same guest extends the socket's life. */
  async refresh(socket: RendezvousSocket, token: string): Promise<void> {
    try {
      const guest = await this.sessions.authenticate(token);
      if (guest.id !== socket.data.guest.id) throw new DomainError(ErrorCodes.Unauthorized, 'Token belongs to another guest');
      socket.data.tokenExpiresAt = tokenExpiry(token);
      this.watch(socket);
      this.logger.verbose(`token handed over guest=${guest.id} socket=${socket.id}`);
    } catch (error) {
      const domain = error instanceof DomainError ? error : new DomainError(ErrorCodes.ServiceUnavailable, 'Could not check the token; try again');
      this.errors.send(socket, domain.code, domain.message, 'session:token');
    }
  }

  forget(socketId: string): void {
    const timer = this.timers.get(socketId);
    if (timer) clearTimeout(timer);
    this.timers.delete(socketId);
  }

  /** Sockets being watched; for leak checks. */
  get size(): number {
    return this.timers.size;
  }

  onModuleDestroy(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
