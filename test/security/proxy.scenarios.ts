import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loopbackNetwork } from '../support/loopback.js';
import { connectOutcome, createSessionFrom, errorsOf, Guests, waitUntil } from './security-guests.js';
import type { SecurityTopology } from './security-topology.js';

/**
 * What the apps learn about a client through the way in browsers use (nginx in the distributed mode):
 * the page's own origin works with the default CORS_ORIGINS, a client cannot choose the address the apps
 * see, and nothing stores a client's address in the clear.
 */
export function proxyScenarios(name: string, topology: () => SecurityTopology): void {
  describe(`client addresses and origins: ${name}`, () => {
    const guests = new Guests(topology);
    afterEach(() => guests.closeAll());

    it("answers the page's own origin with the default CORS_ORIGINS, on REST and on the socket handshake", async () => {
      const own = new URL(topology().apiUrl).origin;
      const created = await createSessionFrom(topology().apiUrl, loopbackNetwork(), {}, { origin: own });
      expect(created.status).toBe(201);
      const { token } = (await created.json()) as { token: string };
      for (const url of topology().gatewayUrls) expect(await connectOutcome(url, { token, origin: new URL(url).origin, from: loopbackNetwork() })).toBe('connected');
      expect((await createSessionFrom(topology().apiUrl, loopbackNetwork(), {}, { origin: 'http://evil.example' })).status).toBe(403);
    });

    it("does not believe a client's X-Forwarded-For: reports from one network under made-up addresses count once", async () => {
      const target = await guests.guest({ body: { deviceId: `dev-${randomUUID()}` } });
      const reporterNetwork = loopbackNetwork();
      for (let i = 0; i < 3; i++) {
        // Each reporter claims another network; the apps must see the one it really comes from.
        const forged = `198.51.${100 + i}.${10 + i}`;
        const reporter = await guests.guest({ from: reporterNetwork, headers: { 'x-forwarded-for': forged }, body: { deviceId: `dev-${randomUUID()}` } });
        const [, paired] = await guests.pair(target, reporter);
        paired.emit('match:report', { reason: 'spam' });
        await waitUntil(() => target.eventsNamed('match:ended').length === i + 1, undefined, 'the report to end the chat');
      }
      target.emit('match:join', {});
      await waitUntil(() => target.eventsNamed('match:searching').length > 0 || errorsOf(target, 'BANNED').length > 0, undefined, 'an answer to the join');
      expect(errorsOf(target, 'BANNED')).toEqual([]);
    });

    it('keeps client addresses out of the access log', async () => {
      const log = topology().accessLog;
      if (!log) return; // only a proxy writes one
      const address = loopbackNetwork();
      await createSessionFrom(topology().apiUrl, address);
      await waitUntil(() => readFileSync(log, 'utf8').includes('POST /api/sessions'), 5_000, 'the request in the access log');
      // (127.0.0.1 is there: the apps' own upstream address, not a client's.)
      expect(readFileSync(log, 'utf8').includes(address) ? `access log holds ${address}` : 'clean').toBe('clean');
    });
  });
}
