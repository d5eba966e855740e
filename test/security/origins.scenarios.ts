import { describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { fetchFrom, loopbackNetwork } from '../support/loopback.js';
import { connectOutcome, createSessionFrom } from './security-guests.js';
import type { SecurityTopology } from './security-topology.js';

const FOREIGN = 'http://evil.example';

/** The page's own origin, and an origin listed in CORS_ORIGINS where the deployment lists one, may call REST and open sockets; no other. */
export function originScenarios(name: string, topology: () => SecurityTopology): void {
  describe(`origin allowlist: ${name}`, () => {
    const createSession = (origin?: string) => createSessionFrom(topology().apiUrl, loopbackNetwork(), {}, origin ? { origin } : {});

    it("answers REST calls from the page's own origin, a listed origin (with CORS headers) and non-browser clients", async () => {
      const own = await createSession(new URL(topology().apiUrl).origin);
      expect(own.status).toBe(201);
      expect(own.headers.get('access-control-allow-origin')).toBeNull();
      expect((await createSession()).status).toBe(201);
      const listedOrigin = topology().listedOrigin;
      if (!listedOrigin) return;
      const listed = await createSession(listedOrigin);
      expect(listed.status).toBe(201);
      expect(listed.headers.get('access-control-allow-origin')).toBe(listedOrigin);
    });

    it('refuses REST calls from any other origin with 403, preflight included, and sends no CORS headers', async () => {
      const foreign = await createSession(FOREIGN);
      expect(foreign.status).toBe(403);
      expect(await foreign.json()).toMatchObject({ code: 'FORBIDDEN_ORIGIN', message: expect.stringContaining('origin') });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = (origin: string, headers: string) =>
        fetchFrom(loopbackNetwork())(`${topology().apiUrl}/api/sessions`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });
      expect((await preflight(FOREIGN, 'content-type')).status).toBe(403);
      const listedOrigin = topology().listedOrigin;
      if (!listedOrigin) return;
      const allowed = await preflight(listedOrigin, 'content-type,authorization');
      expect(allowed.status).toBeLessThan(300);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(listedOrigin);
    });

    it("never takes a DNS name in Host for the page's own origin (DNS rebinding), nor an origin of another scheme", async () => {
      const { port } = new URL(topology().apiUrl);
      // A page of evil.example whose name was re-pointed at this server: its Host and Origin agree, and are not ours.
      expect((await postWithHost(topology().apiUrl, `evil.example:${port}`, `http://evil.example:${port}`)).status).toBe(403);
      expect((await postWithHost(topology().apiUrl, `127.0.0.1:${port}`, `https://127.0.0.1:${port}`)).status).toBe(403);
      expect((await postWithHost(topology().apiUrl, `127.0.0.1:${port}`, `http://127.0.0.1:${port}`)).status).toBe(201);
    });

    it('refuses Socket.IO handshakes from other origins over websocket and polling, and accepts the allowed ones', async () => {
      const session = (await (await createSession()).json()) as { token: string };
      const listedOrigin = topology().listedOrigin;
      for (const url of topology().gatewayUrls) {
        const from = loopbackNetwork();
        expect(await connectOutcome(url, { token: session.token, origin: FOREIGN, from })).not.toBe('connected');
        expect(await connectOutcome(url, { token: session.token, origin: FOREIGN, transport: 'polling' })).not.toBe('connected');
        if (listedOrigin) expect(await connectOutcome(url, { token: session.token, origin: listedOrigin, from })).toBe('connected');
        expect(await connectOutcome(url, { token: session.token, origin: new URL(url).origin, from })).toBe('connected');
        expect(await connectOutcome(url, { token: session.token, from })).toBe('connected');
      }
    });
  });
}

/** POST /api/sessions with a Host header of our choosing (fetch does not let one set it), from a loopback network of its own. */
export function postWithHost(apiUrl: string, host: string, origin: string): Promise<{ status: number }> {
  const url = new URL('/api/sessions', apiUrl);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress: loopbackNetwork(), headers: { host, origin, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}
