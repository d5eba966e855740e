/** Socket.IO room of every socket of one guest. */
export function guestRoom(guestId: string): string {
  return `guest:${guestId}`;
}

export const PAIR_ROOM_PREFIX = 'pair:';

/** Socket.IO room of the two sockets of a pairing; relays go here. */
export function pairRoom(pairId: string): string {
  return PAIR_ROOM_PREFIX + pairId;
}
