import { afterEach, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { sleep } from '../support/eventually.js';
import { candidate, sdp, type GuestClient } from '../support/guest-client.js';
import { connectOutcome, errorsOf, Guests, waitUntil } from './security-guests.js';
import type { SecurityTopology } from './security-topology.js';

/** Tokens: bound to the session, revoked with it, and a socket lives exactly as long as its (handed-over) token. */
export function authScenarios(name: string, topology: () => SecurityTopology): void {
  describe(`auth: ${name}`, () => {
    const guests = new Guests(topology);
    afterEach(() => guests.closeAll());

    const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string; sid: string; jti: string };
    /** A correctly signed token for the guest's session (its current token id) that expires in `seconds`. */
    const shortToken = (client: GuestClient, seconds: number) => {
      const { sub, sid, jti } = claimsOf(client.session.token);
      return jwt.sign({ sub, sid, jti }, topology().jwtSecret, { algorithm: 'HS256', expiresIn: seconds });
    };
    const me = (token: string) => fetch(`${topology().apiUrl}/api/sessions/me`, { headers: { authorization: `Bearer ${token}` } });

    it('binds a token to its session: a validly signed token for the guest with another session id is refused', async () => {
      const a = await guests.guest();
      const { sub, jti } = claimsOf(a.session.token);
      const forged = jwt.sign({ sub, jti, sid: randomUUID() }, topology().jwtSecret, { algorithm: 'HS256', expiresIn: 60 });
      expect((await me(forged)).status).toBe(401);
      expect(await connectOutcome(topology().gatewayUrls[0], { token: forged })).toBe('Unauthorized');
      expect((await me(a.session.token)).status).toBe(200);
    });

    it('revokes every token of a session when it ends, refreshed ones included', async () => {
      const a = await guests.guest();
      const refreshed = await fetch(`${topology().apiUrl}/api/sessions/refresh`, { method: 'POST', headers: { authorization: `Bearer ${a.session.token}` } });
      const second = ((await refreshed.json()) as { token: string }).token;
      const end = await fetch(`${topology().apiUrl}/api/sessions/me`, { method: 'DELETE', headers: { authorization: `Bearer ${second}` } });
      expect(end.status).toBe(204);
      for (const token of [a.session.token, second]) {
        expect((await me(token)).status).toBe(401);
        expect(await connectOutcome(topology().gatewayUrls[1], { token })).toBe('Unauthorized');
      }
    });

    it('rotates the token on refresh: the old one is refused at once, on REST and at the socket handshake', async () => {
      const a = await guests.guest();
      const refreshed = await fetch(`${topology().apiUrl}/api/sessions/refresh`, { method: 'POST', headers: { authorization: `Bearer ${a.session.token}` } });
      const { token: second } = (await refreshed.json()) as { token: string };
      expect((await me(a.session.token)).status).toBe(401);
      expect(await connectOutcome(topology().gatewayUrls[1], { token: a.session.token })).toBe('Unauthorized');
      expect((await me(second)).status).toBe(200);
      expect(await connectOutcome(topology().gatewayUrls[1], { token: second })).toBe('connected');
    });

    it('refuses a correctly signed token without an expiry', async () => {
      const a = await guests.guest();
      const { sub, sid, jti } = claimsOf(a.session.token);
      const forever = jwt.sign({ sub, sid, jti }, topology().jwtSecret, { algorithm: 'HS256' });
      expect((await me(forever)).status).toBe(401);
      expect(await connectOutcome(topology().gatewayUrls[0], { token: forever })).toBe('Unauthorized');
    });

    it('ends a socket with TOKEN_EXPIRED when its token expires', async () => {
      const a = await guests.guest();
      a.close();
      a.session = { ...a.session, token: shortToken(a, 2) };
      await a.connect(topology().gatewayUrls[1]);
      const disconnected = new Promise<string>((resolve) => a.socket.once('disconnect', (reason) => resolve(reason)));
      expect(await a.waitFor('webrtc:error', (e) => e.code === 'TOKEN_EXPIRED', 10_000)).toMatchObject({ message: 'Token has expired' });
      expect(await disconnected).toBe('io server disconnect');
    });

    it('keeps a call going through a token hand-over: signaling flows past the old token\'s expiry, nothing ends', async () => {
      const [a, b] = await guests.pair();
      a.close();
      a.session = { ...a.session, token: shortToken(a, 3) };
      const expiresAt = Date.now() + 3_000;
      await a.connect();
      await a.waitFor('match:found', (found) => found.restored === true);

      a.emit('webrtc:offer', { offer: sdp('offer', 'before-handover'), type: 'video' });
      await b.waitFor('webrtc:offer');
      const refresh = await fetch(`${topology().apiUrl}/api/sessions/refresh`, { method: 'POST', headers: { authorization: `Bearer ${a.session.token}` } });
      expect(refresh.status).toBe(200);
      a.emit('session:token', { token: ((await refresh.json()) as { token: string }).token });
      b.emit('webrtc:answer', { answer: sdp('answer', 'mid-call') });
      await a.waitFor('webrtc:answer');

      await sleep(Math.max(0, expiresAt - Date.now()) + 1_500);
      expect(a.socket.connected).toBe(true);
      a.emit('webrtc:ice-candidate', { candidate: candidate(1) });
      b.emit('webrtc:ice-candidate', { candidate: candidate(2) });
      a.emit('chat:message', { text: 'still here after the old token expired' });
      await b.waitFor('webrtc:ice-candidate');
      await a.waitFor('webrtc:ice-candidate');
      await b.waitFor('chat:message', (m) => m.text === 'still here after the old token expired');
      expect(errorsOf(a, 'TOKEN_EXPIRED')).toEqual([]);
      expect(a.eventsNamed('match:ended')).toEqual([]);
      expect(b.eventsNamed('match:ended')).toEqual([]);
      expect(new Set([...a.eventsNamed('match:found'), ...b.eventsNamed('match:found')].map((f) => f.pairId)).size).toBe(1);
    });

    it('refuses a hand-over of another guest\'s token, and the socket still ends when its own token does', async () => {
      const a = await guests.guest();
      const b = await guests.guest();
      a.close();
      a.session = { ...a.session, token: shortToken(a, 2) };
      await a.connect();
      a.emit('session:token', { token: b.session.token });
      expect(await a.waitFor('webrtc:error', (e) => e.event === 'session:token')).toMatchObject({ code: 'UNAUTHORIZED' });
      await a.waitFor('webrtc:error', (e) => e.code === 'TOKEN_EXPIRED', 10_000);
      await waitUntil(() => !a.socket.connected, 2_000, 'the server to close the socket');
    });
  });
}
