import { PAIR_ROOM_PREFIX } from '@rendezvous/matchmaking';
import type { RendezvousServer, RendezvousSocket } from '../socket-types.js';

/** The socket's pair room, read from its rooms (kept current by matchmaking's socketsJoin/socketsLeave): no Redis on the hot path. */
export function pairRoomOf(socket: RendezvousSocket): string | null {
  for (const room of socket.rooms) if (room.startsWith(PAIR_ROOM_PREFIX)) return room;
  return null;
}

/**
 * A socket is in one pair room at most: joining a new one leaves any other. A stale room (its pairing
 * lost with a Redis that restarted empty) must never carry a message to a former partner.
 */
export function keepOnePairRoom(server: RendezvousServer): void {
  const namespace = server.of('/');
  namespace.adapter.on('join-room', (room: string, socketId: string) => {
    if (!room.startsWith(PAIR_ROOM_PREFIX)) return;
    const socket = namespace.sockets.get(socketId);
    if (!socket) return;
    for (const other of socket.rooms) if (other !== room && other.startsWith(PAIR_ROOM_PREFIX)) void socket.leave(other);
  });
}
