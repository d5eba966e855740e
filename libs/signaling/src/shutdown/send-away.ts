import { ServerEvents } from '@rendezvous/contracts';
import { inSlices } from '../slices/in-slices.js';
import type { RendezvousSocket } from '../socket-types.js';

/** Slices per second when sending sockets away: small steps, so the reconnects arrive as an even trickle. */
const SLICES_PER_SECOND = 10;
/**
 * How long a told socket has to leave by itself before it is closed. Not zero: a client that reconnects at
 * once would read our close after its new connect had begun, and socket.io-client drops that new attempt.
 */
export const LEAVE_GRACE_MS = 2_000;

/**
 * Tells each socket to reconnect elsewhere (`server:reconnect`), the sockets spread evenly over `spreadMs`
 * (the first at once, the last at `spreadMs`), and closes each one still here `LEAVE_GRACE_MS` after it was
 * told: a client that ignores the event still leaves in its slice, not in a burst at the end of the drain.
 */
export async function sendAwayInSlices(sockets: readonly RendezvousSocket[], spreadMs: number): Promise<void> {
  const slices = Math.floor((spreadMs / 1_000) * SLICES_PER_SECOND) + 1;
  await inSlices(
    sockets,
    (socket) => {
      if (!socket.connected) return;
      socket.emit(ServerEvents.Reconnect, { reason: 'shutdown' });
      setTimeout(() => socket.connected && socket.disconnect(true), LEAVE_GRACE_MS).unref();
    },
    { slice: Math.ceil(sockets.length / slices), spreadMs },
  );
}
