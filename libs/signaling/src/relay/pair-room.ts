import { guestRoom, PAIR_ROOM_PREFIX, PEER_ROOM_PREFIX } from '@rendezvous/matchmaking';
import type { RendezvousServer, RendezvousSocket } from '../socket-types.js';

/** Where a paired socket's relays go: its pair room (what it is connected to) and its partner's guest room. */
export interface PairLink {
  room: string;
  partnerRoom: string;
}

/**
 * The socket's pairing, read from its rooms (kept current by matchmaking's socketsJoin/socketsLeave): no Redis
 * on the hot path. Null unless it is in a pair room and knows its partner.
 */
export function pairLinkOf(socket: RendezvousSocket): PairLink | null {
  let room: string | null = null;
  let partner: string | null = null;
  for (const joined of socket.rooms) {
    if (joined.startsWith(PAIR_ROOM_PREFIX)) room = joined;
    else if (joined.startsWith(PEER_ROOM_PREFIX)) partner = joined.slice(PEER_ROOM_PREFIX.length);
  }
  return room !== null && partner !== null ? { room, partnerRoom: guestRoom(partner) } : null;
}

/**
 * A socket is in one pair room (and one peer room) at most: joining a new one leaves any other. A stale room
 * (its pairing lost with a Redis that restarted empty) must never carry a message to a former partner.
 */
export function keepOnePairRoom(server: RendezvousServer): void {
  const namespace = server.of('/');
  namespace.adapter.on('join-room', (room: string, socketId: string) => {
    const kind = [PAIR_ROOM_PREFIX, PEER_ROOM_PREFIX].find((prefix) => room.startsWith(prefix));
    if (!kind) return;
    const socket = namespace.sockets.get(socketId);
    if (!socket) return;
    for (const other of socket.rooms) if (other !== room && other.startsWith(kind)) void socket.leave(other);
  });
}
