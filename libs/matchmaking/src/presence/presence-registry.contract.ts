import { describe, expect, it, beforeEach } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { eventually } from '../../../../test/support/eventually.js';
import type { PresenceRegistry } from './presence-registry.port.js';

const LONG_TTL_MS = 60_000;
const SHORT_TTL_MS = 250;

/** One behaviour for every PresenceRegistry implementation. */
export function presenceRegistryContract(name: string, makeRegistry: () => PresenceRegistry | Promise<PresenceRegistry>): void {
  describe(`PresenceRegistry contract: ${name}`, () => {
    let presence: PresenceRegistry;
    beforeEach(async () => {
      presence = await makeRegistry();
    });

    const gatewayId = (): string => `gw-${randomUUID()}`;
    const guestId = (): string => randomUUID();
    const socketId = (): string => `socket-${randomUUID()}`;

    async function expectDead(gateway: string): Promise<void> {
      await eventually(async () => !(await presence.isGatewayAlive(gateway)), 5_000);
    }

    it('makes a gateway alive with a heartbeat and counts its online sockets', async () => {
      const gw = gatewayId();
      expect(await presence.isGatewayAlive(gw)).toBe(false);
      expect(await presence.onlineCount()).toBe(0);
      await presence.heartbeat(gw, 3, LONG_TTL_MS);
      expect(await presence.isGatewayAlive(gw)).toBe(true);
      expect(await presence.onlineCount()).toBe(3);
      await presence.heartbeat(gw, 5, LONG_TTL_MS);
      expect(await presence.onlineCount()).toBe(5);
      expect(await presence.deadGateways()).toEqual([]);
    });

    it('sums the online sockets of live gateways only', async () => {
      const [gw1, gw2, expiring, removed] = [gatewayId(), gatewayId(), gatewayId(), gatewayId()];
      await presence.heartbeat(gw1, 3, LONG_TTL_MS);
      await presence.heartbeat(gw2, 4, LONG_TTL_MS);
      await presence.heartbeat(expiring, 5, SHORT_TTL_MS);
      await presence.heartbeat(removed, 6, LONG_TTL_MS);
      expect(await presence.onlineCount()).toBe(18);
      await presence.removeGateway(removed);
      expect(await presence.onlineCount()).toBe(12);
      await expectDead(expiring);
      expect(await presence.onlineCount()).toBe(7);
    });

    it('makes a gateway whose heartbeat expired dead until it heartbeats again', async () => {
      const [expiring, live] = [gatewayId(), gatewayId()];
      await presence.heartbeat(expiring, 2, SHORT_TTL_MS);
      await presence.heartbeat(live, 1, LONG_TTL_MS);
      expect(await presence.isGatewayAlive(expiring)).toBe(true);
      await expectDead(expiring);
      expect(await presence.isGatewayAlive(live)).toBe(true);
      expect(await presence.deadGateways()).toEqual([expiring]);
      expect(await presence.onlineCount()).toBe(1);
      await presence.heartbeat(expiring, 2, LONG_TTL_MS);
      expect(await presence.isGatewayAlive(expiring)).toBe(true);
      expect(await presence.deadGateways()).toEqual([]);
      expect(await presence.onlineCount()).toBe(3);
    });

    it('removes a gateway leaving on purpose', async () => {
      const [leaving, staying] = [gatewayId(), gatewayId()];
      await presence.heartbeat(leaving, 2, LONG_TTL_MS);
      await presence.heartbeat(staying, 1, LONG_TTL_MS);
      await presence.removeGateway(leaving);
      expect(await presence.isGatewayAlive(leaving)).toBe(false);
      expect(await presence.isGatewayAlive(staying)).toBe(true);
      expect(await presence.onlineCount()).toBe(1);
      expect(await presence.deadGateways()).toEqual([]);
    });

    it('records where a guest is connected', async () => {
      const [gw, guest, socket] = [gatewayId(), guestId(), socketId()];
      await presence.heartbeat(gw, 1, LONG_TTL_MS);
      expect(await presence.connection(guest)).toBeNull();
      await presence.attach(guest, { socketId: socket, gatewayId: gw });
      expect(await presence.connection(guest)).toEqual({ socketId: socket, gatewayId: gw });
      expect(await presence.guestsOf(gw)).toEqual([guest]);
    });

    it('replaces an older socket with a newer one, on another gateway too', async () => {
      const [gw1, gw2, guest, oldSocket, newSocket] = [gatewayId(), gatewayId(), guestId(), socketId(), socketId()];
      await presence.heartbeat(gw1, 1, LONG_TTL_MS);
      await presence.heartbeat(gw2, 1, LONG_TTL_MS);
      await presence.attach(guest, { socketId: oldSocket, gatewayId: gw1 });
      await presence.attach(guest, { socketId: newSocket, gatewayId: gw2 });
      expect(await presence.connection(guest)).toEqual({ socketId: newSocket, gatewayId: gw2 });
      expect(await presence.guestsOf(gw1)).toEqual([]);
      expect(await presence.guestsOf(gw2)).toEqual([guest]);
    });

    it('keeps the record when a stale socket detaches and forgets it when the current one does', async () => {
      const [gw, guest, oldSocket, newSocket] = [gatewayId(), guestId(), socketId(), socketId()];
      await presence.heartbeat(gw, 1, LONG_TTL_MS);
      await presence.attach(guest, { socketId: oldSocket, gatewayId: gw });
      await presence.attach(guest, { socketId: newSocket, gatewayId: gw });
      expect(await presence.detach(guest, oldSocket)).toBe(false);
      expect(await presence.connection(guest)).toEqual({ socketId: newSocket, gatewayId: gw });
      expect(await presence.guestsOf(gw)).toEqual([guest]);
      expect(await presence.detach(guest, newSocket)).toBe(true);
      expect(await presence.connection(guest)).toBeNull();
      expect(await presence.guestsOf(gw)).toEqual([]);
      expect(await presence.detach(guest, newSocket)).toBe(false);
      expect(await presence.detach(guestId(), socketId())).toBe(false);
    });

    it('lists the guests whose current socket is on a gateway', async () => {
      const [gw1, gw2] = [gatewayId(), gatewayId()];
      const [a, b, c] = [guestId(), guestId(), guestId()];
      await presence.heartbeat(gw1, 2, LONG_TTL_MS);
      await presence.heartbeat(gw2, 1, LONG_TTL_MS);
      await presence.attach(a, { socketId: socketId(), gatewayId: gw1 });
      await presence.attach(b, { socketId: socketId(), gatewayId: gw1 });
      await presence.attach(c, { socketId: socketId(), gatewayId: gw2 });
      expect((await presence.guestsOf(gw1)).sort()).toEqual([a, b].sort());
      expect(await presence.guestsOf(gw2)).toEqual([c]);
      expect(await presence.guestsOf(gatewayId())).toEqual([]);
    });

    it('forgets a gateway and the guests still on it, but not a guest who moved elsewhere', async () => {
      const [gw1, gw2] = [gatewayId(), gatewayId()];
      const [a, b, moved, other] = [guestId(), guestId(), guestId(), guestId()];
      const movedSocket = socketId();
      await presence.heartbeat(gw1, 3, LONG_TTL_MS);
      await presence.heartbeat(gw2, 2, LONG_TTL_MS);
      for (const guest of [a, b, moved]) await presence.attach(guest, { socketId: socketId(), gatewayId: gw1 });
      await presence.attach(other, { socketId: socketId(), gatewayId: gw2 });
      await presence.attach(moved, { socketId: movedSocket, gatewayId: gw2 });
      await presence.forgetGateway(gw1);
      expect(await presence.isGatewayAlive(gw1)).toBe(false);
      expect(await presence.deadGateways()).toEqual([]);
      expect(await presence.onlineCount()).toBe(2);
      expect(await presence.connection(a)).toBeNull();
      expect(await presence.connection(b)).toBeNull();
      expect(await presence.connection(moved)).toEqual({ socketId: movedSocket, gatewayId: gw2 });
      expect(await presence.guestsOf(gw1)).toEqual([]);
      expect((await presence.guestsOf(gw2)).sort()).toEqual([moved, other].sort());
    });

    it('still lists the guests of a dead gateway until it is forgotten', async () => {
      const [gw, a, b] = [gatewayId(), guestId(), guestId()];
      await presence.heartbeat(gw, 2, SHORT_TTL_MS);
      await presence.attach(a, { socketId: socketId(), gatewayId: gw });
      await presence.attach(b, { socketId: socketId(), gatewayId: gw });
      await expectDead(gw);
      expect(await presence.deadGateways()).toEqual([gw]);
      expect((await presence.guestsOf(gw)).sort()).toEqual([a, b].sort());
      await presence.forgetGateway(gw);
      expect(await presence.deadGateways()).toEqual([]);
      expect(await presence.guestsOf(gw)).toEqual([]);
      expect(await presence.connection(a)).toBeNull();
      expect(await presence.connection(b)).toBeNull();
    });

    it('forgets a gateway with many guests a slice at a time, handing back each guest once', async () => {
      const [gw, elsewhere] = [gatewayId(), gatewayId()];
      await presence.heartbeat(gw, 25, SHORT_TTL_MS);
      await presence.heartbeat(elsewhere, 1, LONG_TTL_MS);
      const guests = Array.from({ length: 25 }, () => guestId());
      for (const guest of guests) await presence.attach(guest, { socketId: socketId(), gatewayId: gw });
      const moved = guests[24];
      await presence.attach(moved, { socketId: socketId(), gatewayId: elsewhere });
      await expectDead(gw);
      const handed: string[] = [];
      let slices = 0;
      for (let done = false; !done; slices++) {
        const slice = await presence.forgetGateway(gw, 10);
        expect(slice.guests.length).toBeLessThanOrEqual(10);
        handed.push(...slice.guests);
        done = slice.done;
        if (!done) expect(await presence.deadGateways()).toEqual([gw]);
      }
      expect(slices).toBeGreaterThanOrEqual(3);
      expect(handed.sort()).toEqual(guests.slice(0, 24).sort());
      expect(await presence.deadGateways()).toEqual([]);
      expect(await presence.connection(guests[0])).toBeNull();
      expect(await presence.connection(moved)).toMatchObject({ gatewayId: elsewhere });
      expect(await presence.forgetGateway(gw, 10)).toEqual({ guests: [], done: true });
    });

    it('cancels a grace window once', async () => {
      const guest = guestId();
      await presence.startGrace(guest, Date.now() + LONG_TTL_MS);
      expect(await presence.graceCount()).toBe(1);
      expect(await presence.cancelGrace(guest)).toBe('announced');
      expect(await presence.cancelGrace(guest)).toBeNull();
      expect(await presence.graceCount()).toBe(0);
      expect(await presence.cancelGrace(guestId())).toBeNull();
      expect(await presence.takeExpiredGrace(Date.now() + 2 * LONG_TTL_MS)).toEqual([]);
    });

    it('keeps a quiet grace quiet until it is taken, each once, and says how a grace ended', async () => {
      const now = Date.now();
      const [early, late, back, told] = [guestId(), guestId(), guestId(), guestId()];
      await presence.startGrace(early, now + LONG_TTL_MS, now - 1_000);
      await presence.startGrace(late, now + LONG_TTL_MS, now);
      await presence.startGrace(back, now + LONG_TTL_MS, now - 1_000);
      await presence.startGrace(told, now + LONG_TTL_MS);
      expect(await presence.cancelGrace(back)).toBe('quiet');
      expect(await presence.takeQuiet(now - 500)).toEqual([early]);
      expect(await presence.takeQuiet(now - 500)).toEqual([]);
      expect(await presence.cancelGrace(early)).toBe('announced');
      expect(await presence.cancelGrace(told)).toBe('announced');
      // A grace started again (a redelivered disconnect) keeps how it began; a quiet one that ran out is not announced afterwards.
      expect(await presence.startGrace(late, now + 100)).toBe(false);
      expect(await presence.cancelGrace(late)).toBe('quiet');
      await presence.startGrace(late, now + 100, now);
      expect(await presence.takeExpiredGrace(now + 100)).toEqual([late]);
      expect(await presence.takeQuiet(now + 1)).toEqual([]);
      expect(await presence.graceCount()).toBe(0);
    });

    it('takes only the guests whose grace ran out, each once', async () => {
      const now = Date.now();
      const [a, b, c] = [guestId(), guestId(), guestId()];
      await presence.startGrace(a, now + 100);
      await presence.startGrace(b, now + 200);
      await presence.startGrace(c, now + 300);
      expect(await presence.graceCount()).toBe(3);
      expect(await presence.takeExpiredGrace(now + 50)).toEqual([]);
      expect((await presence.takeExpiredGrace(now + 200)).sort()).toEqual([a, b].sort());
      expect(await presence.takeExpiredGrace(now + 200)).toEqual([]);
      expect(await presence.graceCount()).toBe(1);
      expect(await presence.takeExpiredGrace(now + 300)).toEqual([c]);
      expect(await presence.graceCount()).toBe(0);
    });

    it('keeps the first deadline of a grace window started again (a redelivered disconnect), and says it was running', async () => {
      const now = Date.now();
      const guest = guestId();
      expect(await presence.startGrace(guest, now + 100)).toBe(true);
      expect(await presence.startGrace(guest, now + 10_000)).toBe(false);
      expect(await presence.graceCount()).toBe(1);
      expect(await presence.takeExpiredGrace(now + 200)).toEqual([guest]);
      expect(await presence.startGrace(guest, now + 10_000)).toBe(true); // a new window once the last one is over
    });

    it('hands each expired guest to one of two callers taking at the same time', async () => {
      const now = Date.now();
      const guests = Array.from({ length: 20 }, () => guestId());
      for (const [i, guest] of guests.entries()) await presence.startGrace(guest, now + i);
      const later = guestId();
      await presence.startGrace(later, now + LONG_TTL_MS);
      const [first, second] = await Promise.all([presence.takeExpiredGrace(now + 100), presence.takeExpiredGrace(now + 100)]);
      const taken = [...first, ...second];
      expect(taken).toHaveLength(guests.length);
      expect(taken.sort()).toEqual([...guests].sort());
      expect(await presence.graceCount()).toBe(1);
    });
  });
}
