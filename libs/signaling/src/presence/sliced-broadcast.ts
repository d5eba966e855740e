import { inSlices } from '../slices/in-slices.js';
import type { RendezvousServer } from '../socket-types.js';

/** Sockets written to at a time. */
const SLICE = 500;

/**
 * Sends one event to every socket of this gateway, `slice` sockets at a time, the slices spread over
 * `spreadMs`. Each socket costs a write system call: at 5,000 sockets a one-turn broadcast held the loop
 * for ~50 ms, with every join and relayed message waiting behind it; and 10,000 clients told in the
 * same instant all answer in the same instant (docs/BENCHMARKS.md).
 */
export async function broadcastInSlices(server: RendezvousServer, event: string, payload: unknown, { slice = SLICE, spreadMs = 0 } = {}): Promise<void> {
  const sockets = [...server.of('/').sockets.values()];
  await inSlices(
    sockets,
    (socket) => {
      if (socket.connected) (socket.emit as (event: string, payload: unknown) => boolean)(event, payload);
    },
    { slice, spreadMs },
  );
}
