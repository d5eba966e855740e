import type { ServerToClientEvents } from '@rendezvous/contracts';
import type { Server } from 'socket.io';
import { GuestNotifier, type ServerEventArgs } from './guest-notifier.port.js';
import { guestRoom, pairRoom } from './rooms.js';

/** Works through a Socket.IO server, or a redis-emitter (same broadcast API), so it reaches every gateway. */
export interface BroadcastSource {
  to(room: string): { emit(event: string, ...args: unknown[]): unknown };
  in(room: string): { socketsJoin(room: string): unknown; socketsLeave(room: string): unknown; disconnectSockets(close?: boolean): unknown };
}

export class BroadcastNotifier extends GuestNotifier {
  constructor(private readonly source: () => BroadcastSource) {
    super();
  }

  emit<E extends keyof ServerToClientEvents>(guestId: string, event: E, ...args: ServerEventArgs<E>): void {
    this.source().to(guestRoom(guestId)).emit(event, ...args);
  }

  joinPair(guestIds: string[], pairId: string): void {
    for (const guestId of guestIds) this.source().in(guestRoom(guestId)).socketsJoin(pairRoom(pairId));
  }

  leavePair(pairId: string): void {
    this.source().in(pairRoom(pairId)).socketsLeave(pairRoom(pairId));
  }

  disconnect(guestId: string): void {
    this.source().in(guestRoom(guestId)).disconnectSockets(true);
  }
}

/** Typed helper for the common case of a Socket.IO server. */
export function serverNotifier(server: () => Server): BroadcastNotifier {
  return new BroadcastNotifier(server as unknown as () => BroadcastSource);
}
