import type { ServerToClientEvents } from '@rendezvous/contracts';
import { GuestNotifier, type ServerEventArgs } from '@rendezvous/matchmaking';

export interface Notified {
  guestId: string;
  event: string;
  payload: unknown;
}

/** A GuestNotifier that records what would reach each guest, for suites without sockets. */
export class RecordingNotifier extends GuestNotifier {
  readonly sent: Notified[] = [];
  readonly pairRooms = new Map<string, Set<string>>();
  readonly disconnected: string[] = [];

  emit<E extends keyof ServerToClientEvents>(guestId: string, event: E, ...args: ServerEventArgs<E>): void {
    this.sent.push({ guestId, event, payload: args[0] });
  }

  joinPair(pairId: string, guestId: string): void {
    const room = this.pairRooms.get(pairId) ?? new Set<string>();
    room.add(guestId);
    this.pairRooms.set(pairId, room);
  }

  leavePair(pairId: string): void {
    this.pairRooms.delete(pairId);
  }

  disconnect(guestId: string): void {
    this.disconnected.push(guestId);
  }

  /** Payloads of `event` sent to the guest, oldest first. */
  to(guestId: string, event: string): unknown[] {
    return this.sent.filter((n) => n.guestId === guestId && n.event === event).map((n) => n.payload);
  }
}
