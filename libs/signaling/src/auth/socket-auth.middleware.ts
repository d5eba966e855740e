import { Logger } from '@nestjs/common';
import { ConnectErrors, DomainError, ErrorCodes } from '@rendezvous/contracts';
import type { SessionClient } from '@rendezvous/session';
import type { RendezvousSocket } from '../socket-types.js';
import { tokenExpiry } from './token-expiry.js';

const logger = new Logger('SocketAuth');

/**
 * Handshake check: `auth: {token}` must be a live session's JWT. Failures reach the client as
 * connect_error "Unauthorized" or "Token has expired".
 */
export function socketAuthMiddleware(sessions: SessionClient) {
  return async (socket: RendezvousSocket, next: (error?: Error) => void): Promise<void> => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      next(new Error(ConnectErrors.Unauthorized));
      return;
    }
    try {
      const guest = await sessions.authenticate(token);
      socket.data.guest = { id: guest.id, username: guest.username, deviceId: guest.deviceId, interests: guest.interests, ipHash: guest.ipHash ?? null };
      socket.data.tokenExpiresAt = tokenExpiry(token);
      next();
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCodes.TokenExpired) {
        next(new Error(ConnectErrors.TokenExpired));
      } else if (error instanceof DomainError && error.code === ErrorCodes.ServiceUnavailable) {
        logger.warn(`handshake refused: ${error.message}`);
        next(new Error(error.message));
      } else {
        next(new Error(ConnectErrors.Unauthorized));
      }
    }
  };
}
