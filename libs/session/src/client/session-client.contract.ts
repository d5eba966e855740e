import { describe, expect, it, beforeAll } from '@jest/globals';
import type { AppConfig } from '@rendezvous/config';
import { DomainError, ErrorCodes, type ErrorCode } from '@rendezvous/contracts';
import jwt from 'jsonwebtoken';
import type { SessionService } from '../session.service.js';
import type { SessionStore } from '../store/session-store.port.js';
import type { SessionClient } from './session-client.port.js';

/** A client of one flavour and the session service it reaches (in this process, so tests can set the scene). */
export interface SessionClientSubject {
  client: SessionClient;
  service: SessionService;
  store: SessionStore;
  config: AppConfig;
}

/** The claims a token names its guest and session by (not its exp or iat), to sign variants of it. */
function claimsOf(token: string): { sub: string; sid: string; jti: string } {
  const { sub, sid, jti } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string; sid: string; jti: string };
  return { sub, sid, jti };
}

async function failure(promise: Promise<unknown>): Promise<{ code: ErrorCode; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { code: (error as DomainError).code, message: (error as DomainError).message };
  }
  throw new Error('expected the call to fail');
}

/** One behaviour for every SessionClient: what a gateway can rely on, however it reaches the session service. */
export function sessionClientContract(name: string, makeSubject: () => Promise<SessionClientSubject>): void {
  describe(`SessionClient contract: ${name}`, () => {
    let subject: SessionClientSubject;
    beforeAll(async () => {
      subject = await makeSubject();
    });

    it('answers a ping', async () => {
      await expect(subject.client.ping()).resolves.toBeUndefined();
    });

    it('authenticates a live session token as its guest', async () => {
      const { token, guest } = await subject.service.create({ username: 'Ada', deviceId: 'device-1', interests: ['Chess'] });
      const found = await subject.client.authenticate(token);
      expect(found).toMatchObject({ id: guest.id, username: 'Ada', deviceId: 'device-1', interests: ['chess'], sessionId: guest.sessionId });
    });

    it('refuses a tampered token as UNAUTHORIZED', async () => {
      const { token } = await subject.service.create({});
      const [head, body, signature] = token.split('.');
      const flipped = signature.endsWith('A') ? `${signature.slice(0, -1)}B` : `${signature.slice(0, -1)}A`;
      expect((await failure(subject.client.authenticate(`${head}.${body}.${flipped}`))).code).toBe(ErrorCodes.Unauthorized);
      expect((await failure(subject.client.authenticate('not-a-token'))).code).toBe(ErrorCodes.Unauthorized);
    });

    it('refuses an expired token as TOKEN_EXPIRED', async () => {
      const { guest } = await subject.service.create({});
      const expired = jwt.sign({ sub: guest.id, sid: guest.sessionId, exp: Math.floor(Date.now() / 1000) - 10 }, subject.config.jwtSecret, { algorithm: 'HS256' });
      const error = await failure(subject.client.authenticate(expired));
      expect(error).toEqual({ code: ErrorCodes.TokenExpired, message: 'Token has expired' });
    });

    it('refuses the token of an ended session as UNAUTHORIZED', async () => {
      const { token } = await subject.service.create({});
      await subject.service.end(token);
      expect((await failure(subject.client.authenticate(token))).code).toBe(ErrorCodes.Unauthorized);
    });

    it('refuses a token bound to an earlier session of the same guest id', async () => {
      const { guest, token } = await subject.service.create({});
      const stale = jwt.sign({ ...claimsOf(token), sid: 'another-session' }, subject.config.jwtSecret, { algorithm: 'HS256', expiresIn: 60 });
      expect((await failure(subject.client.authenticate(stale))).code).toBe(ErrorCodes.Unauthorized);
      expect((await subject.client.authenticate(jwt.sign(claimsOf(token), subject.config.jwtSecret, { algorithm: 'HS256', expiresIn: 60 }))).id).toBe(guest.id);
    });

    it('refuses a correctly signed token that never expires (no exp)', async () => {
      const { token } = await subject.service.create({});
      const forever = jwt.sign(claimsOf(token), subject.config.jwtSecret, { algorithm: 'HS256' });
      expect((await failure(subject.client.authenticate(forever))).code).toBe(ErrorCodes.Unauthorized);
    });

    it('rotates tokens: after a refresh the old token is refused and the new one works', async () => {
      const { token } = await subject.service.create({});
      const refreshed = await subject.service.refresh(token);
      expect((await failure(subject.client.authenticate(token))).code).toBe(ErrorCodes.Unauthorized);
      expect((await failure(subject.service.refresh(token))).code).toBe(ErrorCodes.Unauthorized);
      expect((await subject.client.authenticate(refreshed.token)).id).toBe(refreshed.guest.id);
    });

    it('slides the session TTL of active guests on touch, and ignores unknown ones', async () => {
      const { guest } = await subject.service.create({});
      await subject.store.touch(guest.id, 60);
      expect(await subject.store.ttl(guest.id)).toBeLessThanOrEqual(60);
      await subject.client.touch([guest.id, 'no-such-guest']);
      expect(await subject.store.ttl(guest.id)).toBeGreaterThan(subject.config.sessionTtlSeconds - 60);
      await expect(subject.client.touch([])).resolves.toBeUndefined();
    });
  });
}
