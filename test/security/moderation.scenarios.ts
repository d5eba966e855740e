import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { sleep } from '../support/eventually.js';
import type { GuestClient } from '../support/guest-client.js';
import { loopbackNetwork, sameNetwork } from '../support/loopback.js';
import { createSessionFrom, errorsOf, Guests, waitUntil } from './security-guests.js';
import type { SecurityTopology } from './security-topology.js';

/** Long enough for several matchmaking sweeps (500 ms) and the interest fallback (400 ms). */
const NO_MATCH_WAIT_MS = 1_500;

/** Report and block (SECURITY_SETTINGS: no re-match cool-down, a ban after reports from 2 networks, 10-minute bans, 2-minute address bans). */
export function moderationScenarios(name: string, topology: () => SecurityTopology): void {
  describe(`report and block: ${name}`, () => {
    const guests = new Guests(topology);
    afterEach(() => guests.closeAll());

    const matchesOf = (client: GuestClient) => client.eventsNamed('match:found').length;
    const searching = (client: GuestClient) => client.eventsNamed('match:searching').length;

    it('matches two guests again after a plain next (the baseline the block tests are measured against)', async () => {
      const [a, b] = await guests.pair();
      b.emit('match:next', {});
      await a.waitFor('match:ended', (e) => e.reason === 'partner-next');
      a.emit('match:join', {});
      await waitUntil(() => matchesOf(a) === 2 && matchesOf(b) === 2, undefined, 'the two to be matched again');
    });

    it('a block ends the pairing for both, the two are never matched again, and a newcomer is', async () => {
      const [a, b] = await guests.pair();
      a.emit('match:block', {});
      expect(await a.waitFor('match:ended')).toEqual({ reason: 'blocked' });
      expect(await b.waitFor('match:ended')).toEqual({ reason: 'partner-left' });
      a.emit('chat:message', { text: 'anyone?' });
      expect(await a.waitFor('webrtc:error', (e) => e.event === 'chat:message')).toMatchObject({ code: 'NOT_CONNECTED' });
      a.emit('match:join', {});
      b.emit('match:join', {});
      await waitUntil(() => searching(a) >= 1 && searching(b) >= 1, undefined, 'both to search');
      await sleep(NO_MATCH_WAIT_MS);
      expect([matchesOf(a), matchesOf(b)]).toEqual([1, 1]);
      const c = await guests.guest();
      c.emit('match:join', {});
      await c.waitFor('match:found');
      await waitUntil(() => matchesOf(a) + matchesOf(b) === 3, undefined, 'the newcomer to be matched with one of them');
    });

    it('keeps a blocked device away in a new session, in both directions', async () => {
      const deviceA = `dev-${randomUUID()}`;
      const deviceB = `dev-${randomUUID()}`;
      const [a, b] = await guests.pair(await guests.guest({ body: { deviceId: deviceA } }), await guests.guest({ body: { deviceId: deviceB } }));
      b.emit('match:block', {});
      await a.waitFor('match:ended');
      a.close();
      b.close();
      const a2 = await guests.guest({ body: { deviceId: deviceA } });
      const b2 = await guests.guest({ body: { deviceId: deviceB } });
      a2.emit('match:join', {});
      b2.emit('match:join', {});
      await waitUntil(() => searching(a2) >= 1 && searching(b2) >= 1, undefined, 'both to search');
      await sleep(NO_MATCH_WAIT_MS);
      expect([matchesOf(a2), matchesOf(b2)]).toEqual([0, 0]);
    });

    it('validates the report reason, and a valid report ends the pairing like a block', async () => {
      const [a, b] = await guests.pair();
      for (const payload of [{ reason: 'because' }, {}, { reason: 'spam', note: 'x' }, 'spam']) a.emit('match:report', payload);
      await waitUntil(() => errorsOf(a, 'INVALID_PAYLOAD', 'match:report').length === 4, undefined, 'four INVALID_PAYLOAD answers');
      expect(errorsOf(a, 'INVALID_PAYLOAD', 'match:report')[0].message).toContain('reason must be one of spam, harassment');
      a.emit('chat:message', { text: 'still paired' });
      await b.waitFor('chat:message', (m) => m.text === 'still paired');
      a.emit('match:report', { reason: 'harassment' });
      expect(await a.waitFor('match:ended')).toEqual({ reason: 'reported' });
      expect(await b.waitFor('match:ended')).toEqual({ reason: 'partner-left' });
    });

    it('answers a report or block without a partner with NOT_CONNECTED', async () => {
      const a = await guests.guest();
      a.emit('match:report', { reason: 'spam' });
      a.emit('match:block', {});
      await waitUntil(() => errorsOf(a, 'NOT_CONNECTED').length === 2, undefined, 'two NOT_CONNECTED answers');
    });

    it('bans a guest reported from two networks: told for how long, no joining, no new session from its device — but its address stays open to others', async () => {
      const targetAddress = loopbackNetwork();
      const device = `dev-${randomUUID()}`;
      const target = await guests.guest({ from: targetAddress, body: { deviceId: device } });
      const [, first] = await guests.pair(target, await guests.guest());
      first.emit('match:report', { reason: 'spam' });
      await target.waitFor('match:ended');
      expect(errorsOf(target, 'BANNED')).toEqual([]);
      const [, second] = await guests.pair(target, await guests.guest());
      second.emit('match:report', { reason: 'hate' });
      const banned = await target.waitFor('webrtc:error', (e) => e.code === 'BANNED');
      expect(banned.message).toBe('You are banned from Rendezvous for 10 min after reports from other guests.');

      target.emit('match:join', {});
      await target.waitFor('webrtc:error', (e) => e.code === 'BANNED' && e.event === 'match:join');
      const refused = await createSessionFrom(topology().apiUrl, loopbackNetwork(), { deviceId: device });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ statusCode: 403, code: 'BANNED', message: expect.stringMatching(/^You are banned from Rendezvous for (10|9) min/) });
      // Someone else behind the same address (a NAT, a campus) is not punished for the banned guest.
      const bystander = await guests.guest({ from: targetAddress, body: { deviceId: `dev-${randomUUID()}` } });
      bystander.emit('match:join', {});
      await bystander.waitFor('match:searching');
    });

    it('bans an address only after a second device from it was banned, and only for ADDRESS_BAN_SECONDS', async () => {
      const address = loopbackNetwork();
      for (let i = 0; i < 2; i++) {
        const target = await guests.guest({ from: address, body: { deviceId: `dev-${randomUUID()}` } });
        for (let r = 0; r < 2; r++) {
          const [, reporter] = await guests.pair(target, await guests.guest());
          reporter.emit('match:report', { reason: 'spam' });
          await waitUntil(() => target.eventsNamed('match:ended').length === r + 1, undefined, 'the report to end the chat');
        }
        await target.waitFor('webrtc:error', (e) => e.code === 'BANNED');
        const fromAddress = await createSessionFrom(topology().apiUrl, address, { deviceId: `dev-${randomUUID()}` });
        expect(fromAddress.status).toBe(i === 0 ? 201 : 403);
        if (i === 1) expect(await fromAddress.json()).toMatchObject({ code: 'BANNED', message: expect.stringMatching(/for [12] min/) });
      }
    });

    it('counts reports from one network once, whatever address in it they come from', async () => {
      const network = loopbackNetwork();
      const target = await guests.guest();
      for (let i = 0; i < 3; i++) {
        const [, reporter] = await guests.pair(target, await guests.guest({ from: sameNetwork(network, 10 + i), body: { deviceId: `dev-${randomUUID()}` } }));
        reporter.emit('match:report', { reason: 'spam' });
        await target.waitFor('match:ended', () => target.eventsNamed('match:ended').length === i + 1);
      }
      const before = searching(target);
      target.emit('match:join', {});
      await waitUntil(() => searching(target) > before, undefined, 'the target to be searching again');
      expect(errorsOf(target, 'BANNED')).toEqual([]);
    });
  });
}
