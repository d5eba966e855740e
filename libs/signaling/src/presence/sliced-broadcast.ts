import type { RendezvousServer } from '../socket-types.js';

/** Sockets written to per turn of the event loop. */
const SLICE = 500;

/**
 * Sends one event to every socket of this gateway, `slice` sockets per turn of the event loop. Each
 * socket costs a write system call: at 5,000 sockets a one-turn broadcast held the loop for ~50 ms,
 * and every join and relayed message waited behind it (docs/BENCHMARKS.md).
 */
export async function broadcastInSlices(server: RendezvousServer, event: string, payload: unknown, slice = SLICE): Promise<void> {
  const sockets = [...server.of('/').sockets.values()];
  for (let start = 0; start < sockets.length; start += slice) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    for (let i = start; i < Math.min(start + slice, sockets.length); i++) {
      if (sockets[i].connected) (sockets[i].emit as (event: string, payload: unknown) => boolean)(event, payload);
    }
  }
}
