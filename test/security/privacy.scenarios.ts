import { afterEach, describe, expect, it } from '@jest/globals';
import { createHmac, randomUUID } from 'node:crypto';
import { sleep } from '../support/eventually.js';
import type { GuestClient } from '../support/guest-client.js';
import { loopbackNetwork } from '../support/loopback.js';
import { errorsOf, Guests, waitUntil } from './security-guests.js';
import { realCandidate, realSdp } from './real-sdp.js';
import type { SecurityTopology } from './security-topology.js';

/** Exactly the fields each event may carry to a guest: nothing about the partner beyond id and name. */
const ALLOWED_FIELDS: Record<string, string[]> = {
  'match:found': ['initiator', 'pairId', 'partner', 'sharedInterests'],
  'webrtc:offer': ['from', 'fromUsername', 'offer', 'type'],
  'webrtc:answer': ['answer', 'from', 'fromUsername'],
  'webrtc:ice-candidate': ['candidate', 'from', 'fromUsername'],
  'webrtc:call-end': ['from', 'fromUsername'],
  'webrtc:call-reject': ['from', 'fromUsername'],
  'chat:message': ['from', 'fromUsername', 'id', 'text', 'timestamp'],
  'chat:typing': ['from', 'fromUsername', 'typing'],
};

/** The secrets of one call: every relayed event once, with content unique to this run. */
async function callWithEveryRelayedEvent(a: GuestClient, b: GuestClient): Promise<string[]> {
  const offer = realSdp('offer');
  const answer = realSdp('answer');
  const candidates = [realCandidate(), realCandidate()];
  const text = `chat text ${randomUUID()}`;
  a.emit('webrtc:offer', { offer: offer.description, type: 'video' });
  await b.waitFor('webrtc:offer');
  b.emit('webrtc:answer', { answer: answer.description });
  await a.waitFor('webrtc:answer');
  a.emit('webrtc:ice-candidate', { candidate: candidates[0].candidate });
  b.emit('webrtc:ice-candidate', { candidate: candidates[1].candidate });
  await Promise.all([b.waitFor('webrtc:ice-candidate'), a.waitFor('webrtc:ice-candidate')]);
  b.emit('chat:typing', { typing: true });
  await a.waitFor('chat:typing');
  a.emit('chat:message', { text });
  await b.waitFor('chat:message');
  a.emit('webrtc:call-end', {});
  await b.waitFor('webrtc:call-end');
  b.emit('webrtc:call-reject', {});
  await a.waitFor('webrtc:call-reject');
  return [...offer.secrets, ...answer.secrets, ...candidates.flatMap((c) => c.secrets), text];
}

/** The guest's IP never reaches another guest and is kept only as a keyed hash; logs never hold signaling content. */
export function privacyScenarios(name: string, topology: () => SecurityTopology): void {
  describe(`privacy: ${name}`, () => {
    const guests = new Guests(topology);
    afterEach(() => guests.closeAll());
    const ipHash = (ip: string) => createHmac('sha256', topology().jwtSecret).update(ip).digest('base64url').slice(0, 22);
    const randomIp = loopbackNetwork;

    it('sends a guest nothing about its partner but id and name: no IP, no IP hash, in match:found or any relayed event', async () => {
      const [ipA, ipB] = [randomIp(), randomIp()];
      const [a, b] = await guests.pair(await guests.guest({ from: ipA }), await guests.guest({ from: ipB }));
      await callWithEveryRelayedEvent(a, b);
      const seen = [...a.meaningful, ...b.meaningful];
      for (const { event, payload } of seen) {
        if (ALLOWED_FIELDS[event]) expect([event, Object.keys(payload).sort()]).toEqual([event, ALLOWED_FIELDS[event]]);
      }
      // The partner's id, name and search mode (text/video) — the interests both gave are the guest's own too.
      for (const found of [...a.eventsNamed('match:found'), ...b.eventsNamed('match:found')]) expect(Object.keys(found.partner).sort()).toEqual(['id', 'mode', 'username']);
      expect(new Set(seen.map((r) => r.event))).toEqual(new Set(['match:searching', ...Object.keys(ALLOWED_FIELDS)]));
      const everything = JSON.stringify(seen);
      for (const secret of [ipA, ipB, ipHash(ipA), ipHash(ipB), '127.0.0.1']) expect(everything).not.toContain(secret);
      const me = await (await fetch(`${topology().apiUrl}/api/sessions/me`, { headers: { authorization: `Bearer ${a.session.token}` } })).json();
      expect(JSON.stringify(me)).not.toContain(ipHash(ipA));
    });

    it('stores the IP only as a keyed hash: in the session record, and nowhere in limit keys', async () => {
      const redis = topology().redis;
      if (!redis) return; // embedded mode keeps nothing outside the process
      const ip = randomIp();
      const a = await guests.guest({ from: ip });
      const stored = await redis.client.hgetall(`${redis.prefix}session:${a.id}`);
      expect(JSON.parse(stored.ipHash)).toBe(ipHash(ip));
      expect(JSON.stringify(stored)).not.toContain(ip);
      const keys = await redis.client.keys(`${redis.prefix}*`);
      expect(keys.some((key) => key.includes(':rl:'))).toBe(true);
      expect(keys.join('\n')).not.toContain(ip);
      for (const key of keys.filter((k) => k.includes(':rl:') && !k.endsWith(':block'))) expect(await redis.client.get(key)).not.toContain(ip);
    });

    it('writes no SDP, ICE candidate or chat text to any log at trace level, for relayed and refused events alike', async () => {
      const [a, b] = await guests.pair();
      const secrets = await callWithEveryRelayedEvent(a, b);
      const badSdp = realSdp('offer');
      const badCandidate = realCandidate();
      const badText = `refused chat ${randomUUID()}`;
      a.emit('webrtc:offer', { offer: { type: 'answer', sdp: badSdp.description.sdp }, type: 'video' });
      a.emit('webrtc:ice-candidate', { candidate: { ...badCandidate.candidate, sdpMid: 7 } });
      a.emit('chat:message', { text: badText, extra: badText });
      a.emit('match:report', { reason: badText });
      await waitUntil(() => errorsOf(a, 'INVALID_PAYLOAD').length === 4, undefined, 'four INVALID_PAYLOAD answers');
      const refresh = await fetch(`${topology().apiUrl}/api/sessions/refresh`, { method: 'POST', headers: { authorization: `Bearer ${a.session.token}` } });
      a.emit('session:token', { token: ((await refresh.json()) as { token: string }).token });
      await sleep(700);
      const logs = topology().logs();
      expect(logs).toContain(a.id);
      expect(logs).toMatch(/"level":10\b/);
      for (const secret of [...secrets, ...badSdp.secrets, ...badCandidate.secrets, badText]) {
        expect(logs.includes(secret) ? `log contains ${secret}` : 'clean').toBe('clean');
      }
    });
  });
}
