import { PAIR_ROOM_PREFIX } from '@rendezvous/matchmaking';
import type { RendezvousSocket } from '../socket-types.js';

/** The socket's pair room, read from its rooms (kept current by matchmaking's socketsJoin/socketsLeave): no Redis on the hot path. */
export function pairRoomOf(socket: RendezvousSocket): string | null {
  for (const room of socket.rooms) if (room.startsWith(PAIR_ROOM_PREFIX)) return room;
  return null;
}
