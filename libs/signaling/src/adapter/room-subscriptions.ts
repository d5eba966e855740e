import type { Server } from 'socket.io';

/** An adapter that subscribes to a channel per room (the sharded one in dynamic mode) says when one is in place. */
export interface RoomSubscriptions {
  /** Resolves once what is published to `room` reaches this gateway (or after a bounded wait while Redis is away). */
  roomSubscribed(room: string): Promise<void>;
}

/** Waits for the room's subscription where the adapter has one per room; at once with any other adapter. */
export function roomSubscribed(server: Pick<Server, 'of'>, room: string): Promise<void> {
  const adapter = server.of('/').adapter as unknown as Partial<RoomSubscriptions>;
  return adapter.roomSubscribed ? adapter.roomSubscribed(room) : Promise.resolve();
}
