import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ServerEvents } from '@rendezvous/contracts';
import { randomUUID } from 'node:crypto';
import type { Server } from 'socket.io';
import type { Socket as ClientSocket } from 'socket.io-client';
import { eventually } from '../../../../test/support/eventually.js';
import type { GuestNotifier } from './guest-notifier.port.js';
import { guestRoom, pairRoom, peerRoom } from './rooms.js';

/** Socket.IO servers (one, or several gateways sharing an adapter) and a notifier that reaches their guests. */
export interface GuestNotifierSubject {
  notifier: GuestNotifier;
  /** The gateways; guest n connects to gateway n % length. */
  servers: Server[];
  /** Connects a guest's socket (the server puts it in the guest's room) to gateway `gateway`. */
  connect(guestId: string, gateway: number): Promise<ClientSocket>;
  close(): Promise<void>;
}

interface Guest {
  id: string;
  socket: ClientSocket;
  received: Array<{ event: string; payload: unknown }>;
}

/** One behaviour for every GuestNotifier: guests are reached on whichever gateway holds their socket. */
export function guestNotifierContract(name: string, makeSubject: () => Promise<GuestNotifierSubject>): void {
  describe(`GuestNotifier contract: ${name}`, () => {
    let subject: GuestNotifierSubject;
    let guests: Guest[];

    beforeEach(async () => {
      subject = await makeSubject();
      guests = [];
      for (let n = 0; n < 3; n++) guests.push(await join(randomUUID(), n));
    });
    afterEach(async () => {
      for (const guest of guests) guest.socket.disconnect();
      await subject.close();
    });

    async function join(id: string, gateway: number): Promise<Guest> {
      const socket = await subject.connect(id, gateway % subject.servers.length);
      const guest: Guest = { id, socket, received: [] };
      socket.onAny((event: string, payload: unknown) => guest.received.push({ event, payload }));
      return guest;
    }

    /** Resolves once `guest` has received the marker, so anything sent to it before has arrived too. */
    async function flush(guest: Guest): Promise<void> {
      const marker = randomUUID();
      subject.notifier.emit(guest.id, ServerEvents.MatchEnded, { reason: marker as never });
      await eventually(() => expect(guest.received.some((r) => (r.payload as { reason?: string })?.reason === marker)).toBe(true));
    }

    function events(guest: Guest, event: string): unknown[] {
      return guest.received.filter((r) => r.event === event).map((r) => r.payload);
    }

    it('reaches every socket of the guest, and nobody else', async () => {
      const [alice, bob] = guests;
      const aliceElsewhere = await join(alice.id, 1);
      guests.push(aliceElsewhere);
      subject.notifier.emit(alice.id, ServerEvents.PresenceStats, { online: 7, searching: 3 });
      await eventually(() => {
        expect(events(alice, ServerEvents.PresenceStats)).toEqual([{ online: 7, searching: 3 }]);
        expect(events(aliceElsewhere, ServerEvents.PresenceStats)).toEqual([{ online: 7, searching: 3 }]);
      });
      await flush(bob);
      expect(events(bob, ServerEvents.PresenceStats)).toEqual([]);
    });

    it('puts both guests of a pair in its room, across gateways, and empties it when the pair ends', async () => {
      const [alice, bob, carol] = guests;
      const pairId = randomUUID();
      subject.notifier.joinPair(pairId, alice.id, bob.id);
      subject.notifier.joinPair(pairId, bob.id, alice.id);
      await eventually(async () => {
        const inRoom = await subject.servers[0].in(pairRoom(pairId)).fetchSockets();
        expect(inRoom).toHaveLength(2);
        // each knows its partner (the relay sends to the partner's guest room)
        const rooms = Object.fromEntries(inRoom.map((socket) => [[...socket.rooms].find((room) => room.startsWith('guest:')), [...socket.rooms]]));
        expect(rooms[guestRoom(alice.id)]).toContain(peerRoom(bob.id));
        expect(rooms[guestRoom(bob.id)]).toContain(peerRoom(alice.id));
      });
      subject.servers[0].to(pairRoom(pairId)).emit(ServerEvents.CallTimeout, { from: 'server', fromUsername: 'server' });
      await eventually(() => {
        expect(events(alice, ServerEvents.CallTimeout)).toHaveLength(1);
        expect(events(bob, ServerEvents.CallTimeout)).toHaveLength(1);
      });
      await flush(carol);
      expect(events(carol, ServerEvents.CallTimeout)).toEqual([]);

      subject.notifier.leavePair(pairId, [alice.id, bob.id]);
      await eventually(async () => {
        expect(await subject.servers[0].in(pairRoom(pairId)).fetchSockets()).toHaveLength(0);
        for (const guest of [alice, bob]) expect(await subject.servers[0].in(peerRoom(guest.id)).fetchSockets()).toHaveLength(0);
      });
    });

    it("closes the guest's sockets and nobody else's", async () => {
      const [alice, bob] = guests;
      subject.notifier.disconnect(alice.id);
      await eventually(() => expect(alice.socket.connected).toBe(false));
      await flush(bob);
      expect(bob.socket.connected).toBe(true);
    });
  });
}
