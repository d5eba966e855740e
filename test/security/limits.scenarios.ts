import { afterEach, describe, expect, it } from '@jest/globals';
import { candidate } from '../support/guest-client.js';
import { loopbackNetwork } from '../support/loopback.js';
import { sleep } from '../support/eventually.js';
import { connectError, connectOutcome, createSessionFrom, errorsOf, Guests, waitUntil } from './security-guests.js';
import type { SecurityTopology } from './security-topology.js';

/**
 * SECURITY_SETTINGS: sessions 30/min per address (the default); match events 8/min per guest (shared
 * store); per guest ICE 20 and chat 10 per minute (token buckets); 30 refusals per minute disconnect a socket.
 */
export function limitScenarios(name: string, topology: () => SecurityTopology): void {
  describe(`rate limits: ${name}`, () => {
    const guests = new Guests(topology);
    afterEach(() => guests.closeAll());

    const rateLimitedTotal = async (limit: string): Promise<number> => {
      let total = 0;
      for (const url of topology().metricsUrls) {
        const text = await (await fetch(`${url}/metrics`)).text();
        const match = new RegExp(`^rendezvous_rate_limited_total\\{limit="${limit}"\\} (\\d+)$`, 'm').exec(text);
        total += match ? Number(match[1]) : 0;
      }
      return total;
    };

    it('allows 30 new sessions a minute per address (the default), then 429 with a message and Retry-After; a forged X-Forwarded-For changes nothing; other addresses go on', async () => {
      const from = loopbackNetwork();
      const create = (headers: Record<string, string> = {}) => createSessionFrom(topology().apiUrl, from, {}, headers);
      for (let i = 0; i < 30; i++) expect((await create()).status).toBe(201);
      const refused = await create();
      expect(refused.status).toBe(429);
      expect(await refused.json()).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many new sessions from your network; try again in \d+ s$/) });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await create({ 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
      expect((await createSessionFrom(topology().apiUrl, loopbackNetwork())).status).toBe(201);
      expect(await rateLimitedTotal('sessionCreate')).toBeGreaterThanOrEqual(2);
    });

    it('refuses ICE candidates past the per-socket burst with RATE_LIMITED and relays none of them; another pair is unaffected', async () => {
      const [a, b] = await guests.pair();
      const [c, d] = await guests.pair();
      const sent = 26;
      for (let n = 1; n <= sent; n++) a.emit('webrtc:ice-candidate', { candidate: candidate(n) });
      for (let n = 1; n <= 5; n++) c.emit('webrtc:ice-candidate', { candidate: candidate(n) });
      for (let n = 1; n <= 3; n++) c.emit('chat:message', { text: `pair two ${n}` });
      const refused = () => errorsOf(a, 'RATE_LIMITED', 'webrtc:ice-candidate').length;
      await waitUntil(() => refused() + b.eventsNamed('webrtc:ice-candidate').length === sent, undefined, 'every candidate to be relayed or refused');
      expect(refused()).toBeGreaterThan(0);
      expect(errorsOf(a, 'RATE_LIMITED')[0].message).toMatch(/^Too many connection candidates; try again in \d+ s$/);
      await waitUntil(() => d.eventsNamed('webrtc:ice-candidate').length === 5 && d.eventsNamed('chat:message').length === 3, undefined, 'the other pair');
      for (const other of [b, c, d]) expect(other.eventsNamed('webrtc:error')).toEqual([]);
      expect(a.socket.connected).toBe(true);
      expect(await rateLimitedTotal('ice')).toBeGreaterThanOrEqual(refused());
    });

    it('refuses chat messages past the per-socket burst: refused ones are not acknowledged nor delivered', async () => {
      const [a, b] = await guests.pair();
      const sent = 13;
      const acks: unknown[] = [];
      for (let n = 1; n <= sent; n++) void a.emitWithAck('chat:message', { text: `message ${n}` }).then((ack) => acks.push(ack));
      const refused = () => errorsOf(a, 'RATE_LIMITED', 'chat:message').length;
      await waitUntil(() => refused() + b.eventsNamed('chat:message').length === sent, undefined, 'every message to be relayed or refused');
      expect(refused()).toBeGreaterThan(0);
      await waitUntil(() => acks.length === b.eventsNamed('chat:message').length, 2_000, 'acks of the delivered messages');
      expect(errorsOf(a, 'RATE_LIMITED', 'chat:message')[0].message).toMatch(/too fast/);
    });

    it('disconnects a socket that keeps flooding; its partner is told it went away and another pair keeps talking', async () => {
      const [a, b] = await guests.pair();
      const [c, d] = await guests.pair();
      const disconnected = new Promise<string>((resolve) => a.socket.once('disconnect', (reason) => resolve(reason)));
      for (let n = 1; n <= 5_000; n++) a.emit('webrtc:ice-candidate', { candidate: candidate(n) });
      expect(await disconnected).toBe('io server disconnect');
      expect(a.eventsNamed('webrtc:error').some((e) => e.code === 'RATE_LIMITED' && /disconnected/.test(e.message))).toBe(true);
      await b.waitFor('match:partner-reconnecting');
      expect(b.eventsNamed('webrtc:ice-candidate').length).toBeLessThan(50);
      c.emit('chat:message', { text: 'we are fine' });
      await d.waitFor('chat:message', (m) => m.text === 'we are fine');
      expect(await rateLimitedTotal('strikes')).toBeGreaterThanOrEqual(1);
      // 5,000 events, one line: each kind of violation is logged once per socket.
      await sleep(300);
      expect(topology().logs().split('\n').filter((line) => line.includes(`disconnecting guest=${a.id}`))).toHaveLength(1);
    });

    it('keeps a guest\'s buckets across reconnects, on either gateway: reconnecting never refills them', async () => {
      const [a, b] = await guests.pair();
      const perMinute = 10; // RATE_LIMIT_CHAT
      let sent = 0;
      // Three rounds of a full burst (the refusals stay under RATE_LIMIT_STRIKES, which would cut the guest off).
      for (let round = 0; round < 3; round++) {
        for (let n = 0; n < perMinute; n++) a.emit('chat:message', { text: `round ${round} message ${n}` });
        sent += perMinute;
        await waitUntil(() => errorsOf(a, 'RATE_LIMITED', 'chat:message').length + b.eventsNamed('chat:message').length >= sent, undefined, 'every message to be relayed or refused');
        a.close();
        await a.connect(topology().gatewayUrls[(round + 1) % 2]);
        await a.waitFor('match:found', (found) => found.restored === true && a.eventsNamed('match:found').length === round + 2);
      }
      // One burst, and the trickle the bucket refilled meanwhile (one message each 6 s) — not a burst per socket.
      expect(b.eventsNamed('chat:message').length).toBeLessThanOrEqual(perMinute + 2);
      // Its partner heard of the first absence at once; the quick ones after it are not announced.
      expect(b.eventsNamed('match:partner-reconnecting').length).toBeLessThanOrEqual(1);
      expect(b.eventsNamed('match:partner-reconnected').length).toBeLessThanOrEqual(1);
    });

    it('limits handshakes per guest (RATE_LIMIT_HANDSHAKE, 20 a minute): past it the connection is refused, saying when to retry', async () => {
      const a = await guests.guest();
      const outcomes: string[] = [];
      // Its first socket was one; 19 more make the 20.
      for (let i = 0; i < 19; i++) outcomes.push(await connectOutcome(topology().gatewayUrls[i % 2], { token: a.session.token, from: a.localAddress }));
      expect(outcomes.filter((outcome) => outcome !== 'connected')).toEqual([]);
      const refused = await connectError(topology().gatewayUrls[0], { token: a.session.token, from: a.localAddress });
      expect(refused).toMatchObject({ message: 'Too many connections', data: { code: 'RATE_LIMITED', message: expect.stringMatching(/^You are reconnecting too often; try again in \d+ s$/), retryAfterSeconds: expect.any(Number) } });
    });

    it('limits handshakes per address (RATE_LIMIT_HANDSHAKE_ADDRESS, 60 a minute) before any token is looked at; other addresses go on', async () => {
      const from = loopbackNetwork();
      const outcomes: string[] = [];
      for (let i = 0; i < 60; i++) outcomes.push(await connectOutcome(topology().gatewayUrls[i % 2], { token: 'not-a-token', from }));
      expect(new Set(outcomes)).toEqual(new Set(['Unauthorized']));
      expect(await connectOutcome(topology().gatewayUrls[0], { token: 'not-a-token', from })).toBe('Too many connections');
      const other = await guests.guest();
      expect(await connectOutcome(topology().gatewayUrls[1], { token: other.session.token, from: other.localAddress })).toBe('connected');
      expect(await rateLimitedTotal('handshakeAddress')).toBeGreaterThanOrEqual(1);
    });

    it('limits match events per guest in the shared store, so moving to another gateway does not reset it', async () => {
      const a = await guests.guest({ gateway: 0 });
      for (let i = 0; i < 9; i++) a.emit('match:leave', {});
      await a.waitFor('webrtc:error', (e) => e.code === 'RATE_LIMITED' && e.event === 'match:leave');
      a.close();
      await a.connect(topology().gatewayUrls[1]);
      a.emit('match:join', {});
      expect(await a.waitFor('webrtc:error', (e) => e.event === 'match:join')).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^You are changing partners too fast; try again in \d+ s$/),
      });
      expect(a.eventsNamed('match:searching')).toEqual([]);
      const other = await guests.guest({ gateway: 1 });
      other.emit('match:join', {});
      await other.waitFor('match:searching');
    });
  });
}
