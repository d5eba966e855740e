import type { ServerToClientEvents } from '@rendezvous/contracts';

export type ServerEventArgs<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>;

/**
 * Reaches guests' sockets on whichever gateway holds them: by the guest's room, and by pair rooms
 * that the relay uses without asking Redis anything.
 */
export abstract class GuestNotifier {
  abstract emit<E extends keyof ServerToClientEvents>(guestId: string, event: E, ...args: ServerEventArgs<E>): void;
  /** Puts the guests' sockets into the pair's room. */
  abstract joinPair(guestIds: string[], pairId: string): void;
  /** Empties the pair's room. */
  abstract leavePair(pairId: string): void;
  /** Closes the guest's sockets. */
  abstract disconnect(guestId: string): void;
}
