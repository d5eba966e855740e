/** Socket.IO room of every socket of one guest. */
export function guestRoom(guestId: string): string {
  return `guest:${guestId}`;
}

export const PAIR_ROOM_PREFIX = 'pair:';

/** Socket.IO room of the two guests' sockets while they are paired: what a socket is connected to. */
export function pairRoom(pairId: string): string {
  return PAIR_ROOM_PREFIX + pairId;
}

export const PEER_ROOM_PREFIX = 'peer:';

/**
 * A marker room that names a paired socket's partner (`peer:<partnerId>`), joined and left with the pair
 * room: the relay sends to the partner's guest room, whose subscription exists from the partner's connect
 * (see RelayService). Nothing is ever sent to it.
 */
export function peerRoom(partnerId: string): string {
  return PEER_ROOM_PREFIX + partnerId;
}
