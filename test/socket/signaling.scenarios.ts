import { afterEach, describe, expect, it } from '@jest/globals';
import { ErrorCodes } from '@rendezvous/contracts';
import jwt from 'jsonwebtoken';
import { io } from 'socket.io-client';
import { sleep } from '../support/eventually.js';
import { candidate, createSession, GuestClient, sdp } from '../support/guest-client.js';
import type { Topology } from './topology.js';

/** What a guest must experience, whatever the topology: the same suite runs embedded and distributed. */
export function signalingScenarios(name: string, topology: () => Topology): void {
  describe(`signaling over real sockets: ${name}`, () => {
    const guests: GuestClient[] = [];
    afterEach(() => {
      guests.splice(0).forEach((guest) => guest.close());
    });

    /** The n-th guest connects through gateway n % 2, so distributed pairs span both gateways. */
    async function guest(body: Record<string, unknown> = {}): Promise<GuestClient> {
      const { apiUrl, gatewayUrls } = topology();
      const client = await GuestClient.create(apiUrl, gatewayUrls[guests.length % 2], body);
      guests.push(client);
      return client;
    }

    async function pair(): Promise<[GuestClient, GuestClient]> {
      const a = await guest({ username: 'Alice' });
      const b = await guest({ username: 'Bob' });
      a.emit('match:join', {});
      await a.waitFor('match:searching');
      b.emit('match:join', {});
      await a.waitFor('match:found');
      await b.waitFor('match:found');
      return [a, b];
    }

    it('matches two guests with each other, one of them the initiator', async () => {
      const [a, b] = await pair();
      const foundA = await a.waitFor('match:found');
      const foundB = await b.waitFor('match:found');
      expect(foundA.partner).toEqual({ id: b.id, username: 'Bob', mode: 'text' });
      expect(foundB.partner).toEqual({ id: a.id, username: 'Alice', mode: 'text' });
      expect(foundA.sharedInterests).toEqual([]);
      expect(foundA.pairId).toBe(foundB.pairId);
      expect([foundA.initiator, foundB.initiator].sort()).toEqual([false, true]);
    });

    it('relays offer, answer and candidates to the partner with the server-set sender', async () => {
      const [a, b] = await pair();
      a.emit('webrtc:offer', { offer: sdp('offer', 'alice'), type: 'video', from: 'forged', fromUsername: 'Mallory' });
      const offer = await b.waitFor('webrtc:offer');
      expect(offer).toEqual({ offer: sdp('offer', 'alice'), type: 'video', from: a.id, fromUsername: 'Alice' });
      for (let n = 1; n <= 3; n++) a.emit('webrtc:ice-candidate', { candidate: candidate(n) });
      b.emit('webrtc:answer', { answer: sdp('answer', 'bob') });
      b.emit('webrtc:ice-candidate', { candidate: candidate(9) });
      const answer = await a.waitFor('webrtc:answer');
      expect(answer).toEqual({ answer: sdp('answer', 'bob'), from: b.id, fromUsername: 'Bob' });
      await a.waitFor('webrtc:ice-candidate');
      await sleep(100);
      expect(b.eventsNamed('webrtc:ice-candidate')).toEqual([1, 2, 3].map((n) => ({ candidate: candidate(n), from: a.id, fromUsername: 'Alice' })));
      expect(a.eventsNamed('webrtc:ice-candidate')).toEqual([{ candidate: candidate(9), from: b.id, fromUsername: 'Bob' }]);
      expect(a.eventsNamed('webrtc:offer')).toEqual([]);
    });

    it('carries the call id of an offer and an answer to the partner, and refuses a malformed one', async () => {
      const [a, b] = await pair();
      const callId = '3f0c2a9e-6d1b-4c57-9a0e-2b7f1d8c4e65';
      a.emit('webrtc:offer', { offer: sdp('offer', 'alice'), type: 'video', callId });
      expect(await b.waitFor('webrtc:offer')).toEqual({ offer: sdp('offer', 'alice'), type: 'video', callId, from: a.id, fromUsername: 'Alice' });
      b.emit('webrtc:answer', { answer: sdp('answer', 'bob'), callId });
      expect(await a.waitFor('webrtc:answer')).toEqual({ answer: sdp('answer', 'bob'), callId, from: b.id, fromUsername: 'Bob' });
      b.emit('webrtc:answer', { answer: sdp('answer', 'bob'), callId: '<script>' });
      expect(await b.waitFor('webrtc:error')).toMatchObject({ code: ErrorCodes.InvalidPayload, event: 'webrtc:answer' });
    });

    it('gives chat messages a server id and timestamp, and acknowledges them to the sender', async () => {
      const [a, b] = await pair();
      const ack = await a.emitWithAck('chat:message', { text: 'hello there' });
      const message = await b.waitFor('chat:message');
      expect(message).toEqual({ text: 'hello there', from: a.id, fromUsername: 'Alice', id: ack.id, timestamp: ack.timestamp });
      expect(typeof ack.id).toBe('string');
      expect(Math.abs(ack.timestamp - Date.now())).toBeLessThan(60_000);
      b.emit('chat:typing', { typing: true });
      expect(await a.waitFor('chat:typing')).toEqual({ typing: true, from: b.id, fromUsername: 'Bob' });
    });

    it('keeps a third guest out: it receives nothing and cannot inject', async () => {
      const [a, b] = await pair();
      const c = await guest({ username: 'Carol' });
      c.emit('webrtc:offer', { offer: sdp('offer'), type: 'audio' });
      c.emit('chat:message', { text: 'let me in' });
      const error = await c.waitFor('webrtc:error');
      expect(error).toMatchObject({ code: ErrorCodes.NotConnected, event: 'webrtc:offer' });
      a.emit('chat:message', { text: 'private' });
      a.emit('webrtc:offer', { offer: sdp('offer'), type: 'audio' });
      await b.waitFor('webrtc:offer');
      await sleep(200);
      expect(c.meaningful.map((r) => r.event)).toEqual(['webrtc:error', 'webrtc:error']);
      expect(a.eventsNamed('chat:message')).toEqual([]);
      expect(b.eventsNamed('chat:message').map((m) => m.text)).toEqual(['private']);
    });

    it('times out an unanswered offer for both sides', async () => {
      const [a, b] = await pair();
      a.emit('webrtc:offer', { offer: sdp('offer'), type: 'video' });
      const timeouts = await Promise.all([a.waitFor('webrtc:call-timeout'), b.waitFor('webrtc:call-timeout')]);
      expect(timeouts).toEqual([
        { from: a.id, fromUsername: 'Alice' },
        { from: a.id, fromUsername: 'Alice' },
      ]);
    });

    it('does not time out an answered or rejected offer', async () => {
      const [a, b] = await pair();
      a.emit('webrtc:offer', { offer: sdp('offer'), type: 'video' });
      await b.waitFor('webrtc:offer');
      b.emit('webrtc:answer', { answer: sdp('answer') });
      b.emit('webrtc:offer', { offer: sdp('offer'), type: 'audio' });
      await a.waitFor('webrtc:offer');
      a.emit('webrtc:call-reject', {});
      await b.waitFor('webrtc:call-reject');
      await sleep(topology().callTimeoutMs + 500);
      expect(a.eventsNamed('webrtc:call-timeout')).toEqual([]);
      expect(b.eventsNamed('webrtc:call-timeout')).toEqual([]);
    });

    it('answers bad payloads with INVALID_PAYLOAD to the sender only, and the pair keeps working', async () => {
      const [a, b] = await pair();
      const bad: Array<[string, unknown]> = [
        ['webrtc:offer', 'not an object'],
        ['webrtc:offer', { offer: { type: 'offer' }, type: 'video' }],
        ['webrtc:offer', { offer: { type: 'offer', sdp: 'hello' }, type: 'video' }],
        ['webrtc:offer', { offer: { type: 'offer', sdp: 'v=0\r\ns=-\r\n' }, type: 'video' }],
        ['webrtc:offer', { offer: sdp('offer'), type: 'hologram' }],
        ['webrtc:offer', { offer: { type: 'offer', sdp: `v=0\r\nm=audio 9\r\n${'a'.repeat(20_000)}` }, type: 'audio' }],
        ['webrtc:answer', { answer: sdp('offer') }],
        ['webrtc:ice-candidate', { candidate: { candidate: 'x'.repeat(1100) } }],
        ['webrtc:ice-candidate', { candidate: 42 }],
        ['webrtc:ice-candidate', [1, 2, 3]],
        ['chat:message', { text: 'x'.repeat(2001) }],
        ['chat:message', { text: '   ' }],
        ['chat:message', { text: 'hi', extra: true }],
        ['chat:message', JSON.parse('{"text":"hi","__proto__":{"polluted":true}}')],
        ['chat:typing', { typing: 'yes' }],
        ['webrtc:call-end', { anything: 1 }],
        ['match:join', { interests: 'music' }],
        ['match:join', { interests: ['x'.repeat(100)] }],
        ['match:join', { mode: 'audio' }],
        ['match:join', { interests: [...Array.from({ length: 10 }, (_, i) => `t${i}`), '~video'] }],
      ];
      for (const [event, payload] of bad) a.emit(event, payload);
      await eventuallyCount(a, 'webrtc:error', bad.length);
      const errors = a.eventsNamed('webrtc:error');
      expect(errors.map((e) => e.code)).toEqual(bad.map(() => ErrorCodes.InvalidPayload));
      expect(errors.map((e) => e.event)).toEqual(bad.map(([event]) => event));
      expect(errors.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      a.emit('chat:message', { text: 'still here' });
      expect((await b.waitFor('chat:message')).text).toBe('still here');
      expect(b.meaningful.map((r) => r.event)).toEqual(['match:found', 'chat:message']);
      expect(b.eventsNamed('webrtc:error')).toEqual([]);
    });

    it('tells the partner when a guest skips with next, and does not pair them again at once', async () => {
      const [a, b] = await pair();
      b.emit('match:next', {});
      expect(await a.waitFor('match:ended')).toEqual({ reason: 'partner-next' });
      await b.waitFor('match:searching');
      a.emit('match:join', {});
      await sleep(300);
      expect(a.eventsNamed('match:found')).toHaveLength(1);
      expect(b.eventsNamed('match:found')).toHaveLength(1);
      const c = await guest({ username: 'Carol' });
      c.emit('match:join', {});
      const found = await c.waitFor('match:found');
      expect([a.id, b.id]).toContain(found.partner.id);
    });

    it('prefers a shared interest, and falls back to anyone after the wait', async () => {
      const music = await guest({ username: 'Mia', interests: ['music'] });
      const chess = await guest({ username: 'Cal', interests: ['chess'] });
      music.emit('match:join', {});
      chess.emit('match:join', {});
      await music.waitFor('match:searching');
      await chess.waitFor('match:searching');
      const fan = await guest({ username: 'Fan' });
      fan.emit('match:join', { interests: ['Music'] });
      expect((await fan.waitFor('match:found')).partner.id).toBe(music.id);
      const anyone = await guest({ username: 'Any' });
      anyone.emit('match:join', {});
      // Cal has waited past the fallback by now, or will soon: then anyone will do.
      expect((await anyone.waitFor('match:found', () => true, 5_000)).partner.id).toBe(chess.id);
    });

    it('matches two video-mode guests with each other first, telling each the partner\'s mode and the interests they share', async () => {
      const texter = await guest({ username: 'Tex' });
      texter.emit('match:join', { mode: 'text' });
      await texter.waitFor('match:searching');
      const ten = Array.from({ length: 10 }, (_, i) => `tag${i}`);
      const vera = await guest({ username: 'Vera' });
      vera.emit('match:join', { mode: 'video', interests: [...ten.slice(0, 9), 'Music'] });
      await vera.waitFor('match:searching');
      const vic = await guest({ username: 'Vic' });
      vic.emit('match:join', { mode: 'video', interests: ['music', 'chess'] });
      const [toVera, toVic] = [await vera.waitFor('match:found'), await vic.waitFor('match:found')];
      expect(toVic).toMatchObject({ partner: { id: vera.id, username: 'Vera', mode: 'video' }, sharedInterests: ['music'] });
      expect(toVera).toMatchObject({ partner: { id: vic.id, username: 'Vic', mode: 'video' }, sharedInterests: ['music'] });
      expect(texter.eventsNamed('match:found')).toEqual([]);
      // A video-mode guest alone falls back to anyone after the wait, and is told nothing is shared.
      const late = await guest({ username: 'Lia' });
      late.emit('match:join', { mode: 'video' });
      const fallback = await late.waitFor('match:found', () => true, 5_000);
      expect(fallback).toMatchObject({ partner: { id: texter.id, mode: 'text' }, sharedInterests: [] });
      expect(await texter.waitFor('match:found')).toMatchObject({ partner: { id: late.id, mode: 'video' }, sharedInterests: [] });
    });

    it('never pairs two guests on the same device', async () => {
      const a = await guest({ username: 'Alice', deviceId: 'shared-device' });
      const b = await guest({ username: 'Bob', deviceId: 'shared-device' });
      a.emit('match:join', {});
      b.emit('match:join', {});
      await b.waitFor('match:searching');
      await sleep(300);
      expect([...a.eventsNamed('match:found'), ...b.eventsNamed('match:found')]).toEqual([]);
    });

    it('tells the partner when a guest leaves', async () => {
      const [a, b] = await pair();
      a.emit('match:leave', {});
      expect(await b.waitFor('match:ended')).toEqual({ reason: 'partner-left' });
      expect(await a.waitFor('match:ended')).toEqual({ reason: 'left' });
      a.emit('chat:message', { text: 'anyone?' });
      expect(await a.waitFor('webrtc:error')).toMatchObject({ code: ErrorCodes.NotConnected });
    });

    it('drops a guest from the queue as soon as it disconnects', async () => {
      const a = await guest({ username: 'Alice' });
      a.emit('match:join', {});
      await a.waitFor('match:searching');
      a.close();
      await sleep(300);
      const b = await guest({ username: 'Bob' });
      b.emit('match:join', {});
      await b.waitFor('match:searching');
      await sleep(300);
      expect(b.eventsNamed('match:found')).toEqual([]);
    });

    it('leaves nobody in the queue who pressed next and vanished at once', async () => {
      for (let round = 0; round < 5; round++) {
        const [a, b] = await pair();
        a.emit('match:next', {});
        a.close(); // the disconnect must not overtake the next that re-queues a
        await b.waitFor('match:ended');
        const c = await guest({ username: 'Carol' });
        const d = await guest({ username: 'Dave' });
        c.emit('match:join', {});
        await c.waitFor('match:searching');
        d.emit('match:join', {});
        expect((await c.waitFor('match:found')).partner.id).toBe(d.id);
        b.close();
        c.close();
        d.close();
      }
    });

    it('keeps the pairing through a reconnect on the other gateway within the window', async () => {
      const [a, b] = await pair();
      a.close();
      expect(await b.waitFor('match:partner-reconnecting')).toEqual({ graceMs: topology().reconnectGraceMs });
      a.clear();
      await a.connect(topology().gatewayUrls[1]);
      const restored = await a.waitFor('match:found');
      expect(restored).toMatchObject({ partner: { id: b.id, username: 'Bob' }, restored: true });
      await b.waitFor('match:partner-reconnected');
      a.emit('webrtc:offer', { offer: sdp('offer', 'renegotiate'), type: 'video' });
      expect((await b.waitFor('webrtc:offer')).offer).toEqual(sdp('offer', 'renegotiate'));
      b.emit('webrtc:answer', { answer: sdp('answer') });
      await a.waitFor('webrtc:answer');
      await sleep(topology().reconnectGraceMs + 600);
      expect(b.eventsNamed('match:ended')).toEqual([]);
    });

    it('ends the pairing with partner-disconnected when the guest does not come back', async () => {
      const [a, b] = await pair();
      a.close();
      await b.waitFor('match:partner-reconnecting');
      expect(await b.waitFor('match:ended', () => true, topology().reconnectGraceMs + 3_000)).toEqual({ reason: 'partner-disconnected' });
      b.emit('chat:message', { text: 'hello?' });
      expect(await b.waitFor('webrtc:error')).toMatchObject({ code: ErrorCodes.NotConnected });
    });

    it('ends everything a guest owns when its session is deleted', async () => {
      const [a, b] = await pair();
      const response = await fetch(`${topology().apiUrl}/api/sessions/me`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${a.session.token}` },
      });
      expect(response.status).toBe(204);
      expect(await b.waitFor('match:ended')).toEqual({ reason: 'partner-left' });
      await waitForDisconnect(a);
      const me = await fetch(`${topology().apiUrl}/api/sessions/me`, { headers: { authorization: `Bearer ${a.session.token}` } });
      expect(me.status).toBe(401);
      await expect(a.connect()).rejects.toThrow('Unauthorized');
    });

    it('refuses a socket without a token, with a tampered one, and with an expired one', async () => {
      const { gatewayUrls, apiUrl, jwtSecret } = topology();
      expect(await connectError(gatewayUrls[0], undefined)).toBe('Unauthorized');
      const session = await createSession(apiUrl);
      const [head, body, signature] = session.token.split('.');
      const tampered = `${head}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: 'someone-else' })).toString('base64url')}.${signature}`;
      expect(await connectError(gatewayUrls[1], tampered)).toBe('Unauthorized');
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { sub: string; sid: string };
      const expired = jwt.sign({ sub: claims.sub, sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 10 }, jwtSecret);
      expect(await connectError(gatewayUrls[0], expired)).toBe('Token has expired');
    });

    it('closes a socket that sends a frame over the size cap, and nobody else notices', async () => {
      const [a, b] = await pair();
      const c = await guest({ username: 'Carol' });
      const closed = new Promise<string>((resolve) => c.socket.on('disconnect', (reason) => resolve(reason)));
      c.emit('chat:message', { text: 'x'.repeat(100_000) });
      expect(await closed).toBe('transport close');
      a.emit('chat:message', { text: 'unaffected' });
      expect((await b.waitFor('chat:message')).text).toBe('unaffected');
    });

    it('pushes presence stats', async () => {
      const a = await guest();
      a.emit('match:join', {});
      const stats = await a.waitFor('presence:stats', (s) => s.online >= 1 && s.searching >= 1, 5_000);
      expect(stats).toEqual({ online: expect.any(Number), searching: expect.any(Number) });
    });

    it('pushes presence stats at most once a second however busy the queue is', async () => {
      const watcher = await guest();
      const before = watcher.eventsNamed('presence:stats').length;
      const started = Date.now();
      for (let round = 0; round < 6; round++) {
        const churn = await guest();
        churn.emit('match:join', {});
        await sleep(250);
        churn.emit('match:leave', {});
        await sleep(250);
      }
      const seconds = (Date.now() - started) / 1000;
      expect(watcher.eventsNamed('presence:stats').length - before).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    });
  });
}

async function eventuallyCount(client: GuestClient, event: string, count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (client.eventsNamed(event).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} ${event}, got ${client.eventsNamed(event).length}`);
    await sleep(10);
  }
}

async function waitForDisconnect(client: GuestClient): Promise<void> {
  if (!client.socket.connected) return;
  await new Promise<void>((resolve) => client.socket.once('disconnect', () => resolve()));
}

async function connectError(url: string, token: string | undefined): Promise<string> {
  const socket = io(url, { auth: token === undefined ? {} : { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected, but should have been refused')));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  } finally {
    socket.close();
  }
}
