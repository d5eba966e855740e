import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import {
  DomainError,
  ErrorCodes,
  type CreateSessionRequest,
  type GuestUser,
  type GuestView,
  type SessionResponse,
} from '@rendezvous/contracts';
import { randomUUID } from 'node:crypto';
// Keyed (HMAC) hashes, so a stored one cannot be reversed by trying every IPv4 address.
import { keyedHash, networkOf } from '@rendezvous/redis';
import { banMessage } from './moderation/ban-message.js';
import { ModerationStore } from './moderation/moderation-store.port.js';
import { SessionEndedListener } from './session-ended.port.js';
import { SessionStore } from './store/session-store.port.js';
import type { TokenClaims } from './token-claims.js';
import { generateUsername } from './username-generator.js';

export interface ClientContext {
  ip?: string;
}

/** Guest sessions: creation, JWTs bound to the session, sliding TTL, and ending with cleanup. */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    private readonly store: SessionStore,
    private readonly jwt: JwtService,
    private readonly sessionEnded: SessionEndedListener,
    private readonly moderation: ModerationStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(request: CreateSessionRequest, context: ClientContext = {}): Promise<SessionResponse> {
    const ipHash = context.ip ? keyedHash(this.config.jwtSecret, context.ip) : undefined;
    const networkHash = context.ip ? keyedHash(this.config.jwtSecret, networkOf(context.ip)) : undefined;
    const bannedUntil = await this.moderation.bannedUntil({ deviceId: request.deviceId ?? null, ipHash }, Date.now());
    if (bannedUntil !== null) {
      this.logger.log('session refused: device or network banned');
      throw new DomainError(ErrorCodes.Banned, banMessage(bannedUntil, Date.now()));
    }
    const now = new Date().toISOString();
    const guest: GuestUser = {
      id: randomUUID(),
      tokenId: randomUUID(),
      username: request.username?.trim() || generateUsername(),
      isOnline: false,
      lastSeen: now,
      socketId: null,
      connectedUser: null,
      deviceId: request.deviceId ?? null,
      isSearching: false,
      interests: normalizeInterests(request.interests),
      ipHash,
      networkHash,
      sessionId: randomUUID(),
      createdAt: now,
      connectedAt: null,
    };
    await this.store.create(guest, this.config.sessionTtlSeconds);
    this.logger.log(`session created guest=${guest.id}`);
    return this.issue(guest);
  }

  /** Verifies a token, the session it is bound to and that it is the session's current token; slides the session's TTL. */
  async authenticate(token: string): Promise<GuestUser> {
    const claims = await this.verify(token);
    const guest = await this.store.get(claims.sub);
    if (!guest || guest.sessionId !== claims.sid) {
      throw new DomainError(ErrorCodes.Unauthorized, 'Session has ended');
    }
    if (guest.tokenId !== claims.jti) throw new DomainError(ErrorCodes.Unauthorized, 'Token was replaced by a newer one');
    await this.store.touch(guest.id, this.config.sessionTtlSeconds);
    return guest;
  }

  /** A new token for the session; the one presented stops working at once (rotation). */
  async refresh(token: string): Promise<SessionResponse> {
    const guest = await this.authenticate(token);
    const tokenId = randomUUID();
    if (!(await this.store.patch(guest.id, { tokenId }))) throw new DomainError(ErrorCodes.Unauthorized, 'Session has ended');
    return this.issue({ ...guest, tokenId });
  }

  async me(token: string): Promise<GuestView> {
    return toGuestView(await this.authenticate(token));
  }

  async get(guestId: string): Promise<GuestUser | null> {
    return this.store.get(guestId);
  }

  async touch(guestId: string): Promise<boolean> {
    return this.store.touch(guestId, this.config.sessionTtlSeconds);
  }

  /** Seconds the session has left, or null when it is gone. */
  async remainingSeconds(guestId: string): Promise<number | null> {
    return this.store.ttl(guestId);
  }

  async update(guestId: string, patch: Partial<Omit<GuestUser, 'id'>>): Promise<GuestUser | null> {
    return this.store.update(guestId, patch);
  }

  /** Ends the session: everything the guest owns goes first, then the record (which revokes its tokens). */
  async end(token: string): Promise<void> {
    const guest = await this.authenticate(token);
    await this.sessionEnded.sessionEnded(guest.id);
    await this.store.delete(guest.id);
    this.logger.log(`session ended guest=${guest.id}`);
  }

  private async verify(token: string): Promise<TokenClaims> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<TokenClaims>>(token, { algorithms: ['HS256'] });
      // A token that never expires is refused even when correctly signed.
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.jti !== 'string' || typeof claims.exp !== 'number') throw new Error('claims');
      return claims as TokenClaims;
    } catch (error) {
      if (error instanceof Error && error.name === 'TokenExpiredError') {
        throw new DomainError(ErrorCodes.TokenExpired, 'Token has expired');
      }
      throw new DomainError(ErrorCodes.Unauthorized, 'Invalid token');
    }
  }

  private async issue(guest: GuestUser): Promise<SessionResponse> {
    const remaining = (await this.store.ttl(guest.id)) ?? this.config.sessionTtlSeconds;
    const expiresIn = Math.max(1, Math.min(this.config.tokenTtlSeconds, remaining));
    const claims: Omit<TokenClaims, 'exp'> = { sub: guest.id, sid: guest.sessionId, jti: guest.tokenId ?? '' };
    const token = await this.jwt.signAsync(claims, { expiresIn, algorithm: 'HS256' });
    return { token, expiresIn, guest: toGuestView(guest) };
  }

}

export function toGuestView(guest: GuestUser): GuestView {
  const { ipHash: _ipHash, networkHash: _networkHash, tokenId: _tokenId, ...view } = guest;
  return view;
}

function normalizeInterests(interests: string[] | undefined): string[] {
  return [...new Set((interests ?? []).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}
