import { describe, expect, it } from '@jest/globals';
import { connectOutcome, forwardedFor, randomIp } from './security-guests.js';
import type { SecurityTopology } from './security-topology.js';

const ALLOWED = 'http://allowed.example';
const FOREIGN = 'http://evil.example';

/** CORS_ORIGINS=http://allowed.example: the page's own origin and that one may call REST and open sockets; no other. */
export function originScenarios(name: string, topology: () => SecurityTopology): void {
  describe(`origin allowlist: ${name}`, () => {
    const createSession = (origin?: string) =>
      fetch(`${topology().apiUrl}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...forwardedFor(randomIp()), ...(origin ? { origin } : {}) },
        body: '{}',
      });

    it('answers REST calls from the page\'s own origin, a listed origin (with CORS headers) and non-browser clients', async () => {
      const own = await createSession(new URL(topology().apiUrl).origin);
      expect(own.status).toBe(201);
      const listed = await createSession(ALLOWED);
      expect(listed.status).toBe(201);
      expect(listed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect((await createSession()).status).toBe(201);
    });

    it('refuses REST calls from any other origin with 403, preflight included, and sends no CORS headers', async () => {
      const foreign = await createSession(FOREIGN);
      expect(foreign.status).toBe(403);
      expect(await foreign.json()).toMatchObject({ code: 'FORBIDDEN_ORIGIN', message: expect.stringContaining('origin') });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${topology().apiUrl}/api/sessions`, {
        method: 'OPTIONS',
        headers: { origin: FOREIGN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBe(403);
      const allowedPreflight = await fetch(`${topology().apiUrl}/api/sessions`, {
        method: 'OPTIONS',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
      expect(allowedPreflight.status).toBeLessThan(300);
      expect(allowedPreflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    });

    it('refuses Socket.IO handshakes from other origins over websocket and polling, and accepts the allowed ones', async () => {
      const session = (await (await createSession()).json()) as { token: string };
      for (const url of topology().gatewayUrls) {
        expect(await connectOutcome(url, { token: session.token, origin: FOREIGN })).not.toBe('connected');
        expect(await connectOutcome(url, { token: session.token, origin: FOREIGN, transport: 'polling' })).not.toBe('connected');
        expect(await connectOutcome(url, { token: session.token, origin: ALLOWED })).toBe('connected');
        expect(await connectOutcome(url, { token: session.token, origin: new URL(url).origin })).toBe('connected');
        expect(await connectOutcome(url, { token: session.token })).toBe('connected');
      }
    });
  });
}
