import type { ServerToClientEvents } from '@rendezvous/contracts';
import type { Server } from 'socket.io';
import { GuestNotifier, type ServerEventArgs } from './guest-notifier.port.js';
import { guestRoom, pairRoom, peerRoom } from './rooms.js';

/** Works through a Socket.IO server, or a redis-emitter (same broadcast API), so it reaches every gateway. */
export interface BroadcastSource {
  to(room: string): { emit(event: string, ...args: unknown[]): unknown };
  in(room: string): { socketsJoin(rooms: string | string[]): unknown; socketsLeave(rooms: string | string[]): unknown; disconnectSockets(close?: boolean): unknown };
}

export class BroadcastNotifier extends GuestNotifier {
  constructor(private readonly source: () => BroadcastSource) {
    super();
  }

  emit<E extends keyof ServerToClientEvents>(guestId: string, event: E, ...args: ServerEventArgs<E>): void {
    this.source().to(guestRoom(guestId)).emit(event, ...args);
  }

  /**
   * Addressed to the guest's room, like everything else sent to the guest: a gateway hears it on the
   * channel it already listens on for the guest, in order with the match:found that follows.
   */
  joinPair(pairId: string, guestId: string, partnerId: string): void {
    this.source().in(guestRoom(guestId)).socketsJoin([pairRoom(pairId), peerRoom(partnerId)]);
  }

  leavePair(pairId: string, [a, b]: readonly [string, string]): void {
    this.source().in(guestRoom(a)).socketsLeave([pairRoom(pairId), peerRoom(b)]);
    this.source().in(guestRoom(b)).socketsLeave([pairRoom(pairId), peerRoom(a)]);
  }

  disconnect(guestId: string): void {
    this.source().in(guestRoom(guestId)).disconnectSockets(true);
  }
}

/** Typed helper for the common case of a Socket.IO server. */
export function serverNotifier(server: () => Server): BroadcastNotifier {
  return new BroadcastNotifier(server as unknown as () => BroadcastSource);
}
