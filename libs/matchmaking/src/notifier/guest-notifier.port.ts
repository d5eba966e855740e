import type { ServerToClientEvents } from '@rendezvous/contracts';

export type ServerEventArgs<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>;

/**
 * Reaches guests' sockets on whichever gateway holds them: by the guest's room, and by pair rooms
 * that the relay uses without asking Redis anything.
 */
export abstract class GuestNotifier {
  abstract emit<E extends keyof ServerToClientEvents>(guestId: string, event: E, ...args: ServerEventArgs<E>): void;
  /** Puts the guest's sockets into the pair's room, beside its partner (see peerRoom). */
  abstract joinPair(pairId: string, guestId: string, partnerId: string): void;
  /** Takes the two guests' sockets out of the pair's room. */
  abstract leavePair(pairId: string, guestIds: readonly [string, string]): void;
  /** Closes the guest's sockets. */
  abstract disconnect(guestId: string): void;
}
