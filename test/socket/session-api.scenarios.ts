import { describe, expect, it } from '@jest/globals';
import type { IceConfigResponse, SessionResponse } from '@rendezvous/contracts';
import { createHmac } from 'node:crypto';
import { TEST_SETTINGS, type Topology } from './topology.js';

/** The session REST API as a client sees it; runs embedded and distributed. */
export function sessionApiScenarios(name: string, topology: () => Topology): void {
  describe(`session REST API: ${name}`, () => {
    const post = (path: string, body?: unknown, token?: string) =>
      fetch(`${topology().apiUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const get = (path: string, token?: string) =>
      fetch(`${topology().apiUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    it('creates a guest session with a friendly random name when none is given', async () => {
      const response = await post('/api/sessions');
      expect(response.status).toBe(201);
      const body = (await response.json()) as SessionResponse;
      expect(body.token.split('.')).toHaveLength(3);
      expect(body.expiresIn).toBeGreaterThan(0);
      expect(body.guest).toMatchObject({ isOnline: false, connectedUser: null, isSearching: false, socketId: null, deviceId: null });
      expect(body.guest.username).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{2}$/);
      expect(body.guest).not.toHaveProperty('ipHash');
      expect(Object.keys(body.guest).sort()).toEqual(
        ['connectedAt', 'connectedUser', 'createdAt', 'deviceId', 'id', 'interests', 'isOnline', 'isSearching', 'lastSeen', 'sessionId', 'socketId', 'username'].sort(),
      );
    });

    it('keeps the given username, interests (normalised) and device id', async () => {
      const response = await post('/api/sessions', { username: 'Zoë 7', interests: ['Music', 'music', 'Chess '], deviceId: 'dev-1' });
      expect(response.status).toBe(201);
      const { guest } = (await response.json()) as SessionResponse;
      expect(guest).toMatchObject({ username: 'Zoë 7', interests: ['music', 'chess'], deviceId: 'dev-1' });
    });

    it.each([
      [{ usernme: 'typo' }, 'usernme'],
      [{ username: '' }, 'username'],
      [{ username: 'x'.repeat(40) }, 'username'],
      [{ username: '<script>' }, 'username'],
      [{ interests: 'music' }, 'interests'],
      [{ interests: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'interests'],
      [{ deviceId: 42 }, 'deviceId'],
      [{ username: 'Ann', hasOwnProperty: 1 }, 'hasOwnProperty'],
      [{ username: 'Ann', toString: 'x' }, 'toString'],
      [JSON.parse('{"username":"Ann","__proto__":{"isAdmin":true}}') as object, '__proto__'],
    ])('refuses %j with 400 naming the field', async (body, field) => {
      const response = await post('/api/sessions', body);
      expect(response.status).toBe(400);
      const error = (await response.json()) as { message: string[] | string };
      expect(JSON.stringify(error.message)).toContain(field);
    });

    it('refuses a body nested thousands of levels deep with 400, not a 500', async () => {
      const response = await fetch(`${topology().apiUrl}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"username":"Ann","x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      });
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain('nest');
    });

    it('refuses a body that is not JSON with 400', async () => {
      const response = await fetch(`${topology().apiUrl}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"username": ',
      });
      expect(response.status).toBe(400);
    });

    it('returns the guest itself from /me and refreshes the token while the session lives', async () => {
      const created = (await (await post('/api/sessions', { username: 'Ann' })).json()) as SessionResponse;
      const me = await get('/api/sessions/me', created.token);
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ id: created.guest.id, username: 'Ann' });
      const refreshed = await post('/api/sessions/refresh', undefined, created.token);
      expect(refreshed.status).toBe(200);
      const body = (await refreshed.json()) as SessionResponse;
      expect(body.guest.id).toBe(created.guest.id);
      expect((await get('/api/sessions/me', body.token)).status).toBe(200);
    });

    it('answers 401 with a message for a missing, malformed or tampered token', async () => {
      for (const token of [undefined, 'nonsense', 'a.b.c']) {
        const response = await get('/api/sessions/me', token);
        expect(response.status).toBe(401);
        expect(((await response.json()) as { message: string }).message).toEqual(expect.any(String));
      }
    });

    it('ends a session: 204, then its token is refused everywhere', async () => {
      const created = (await (await post('/api/sessions')).json()) as SessionResponse;
      const end = await fetch(`${topology().apiUrl}/api/sessions/me`, { method: 'DELETE', headers: { authorization: `Bearer ${created.token}` } });
      expect(end.status).toBe(204);
      expect((await get('/api/sessions/me', created.token)).status).toBe(401);
      expect((await post('/api/sessions/refresh', undefined, created.token)).status).toBe(401);
    });

    it('hands out STUN and a personal, short-lived TURN credential to a guest with a live session', async () => {
      expect((await get('/api/config/ice')).status).toBe(401);
      const { token, guest } = (await (await post('/api/sessions')).json()) as SessionResponse;
      const response = await get('/api/config/ice', token);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as IceConfigResponse;
      expect(body.iceServers[0]).toEqual({ urls: [TEST_SETTINGS.STUN_URLS] });
      const turn = body.iceServers[1];
      expect(turn.urls).toEqual(TEST_SETTINGS.TURN_URLS.split(','));
      const [expiry, owner] = String(turn.username).split(':');
      expect(owner).toBe(guest.id);
      expect(Number(expiry)).toBe(body.expiresAt);
      const now = Date.now() / 1000;
      expect(Number(expiry)).toBeGreaterThan(now);
      expect(Number(expiry)).toBeLessThanOrEqual(now + 7200 + 1);
      expect(turn.credential).toBe(createHmac('sha1', TEST_SETTINGS.TURN_SECRET).update(String(turn.username)).digest('base64'));
      // The operator leaves the choice to guests (ICE_TRANSPORT_POLICY=all) and a relay exists to choose.
      expect(body).toMatchObject({ iceTransportPolicy: 'all', relayAvailable: true });
      await fetch(`${topology().apiUrl}/api/sessions/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
      expect((await get('/api/config/ice', token)).status).toBe(401);
    });
  });
}
