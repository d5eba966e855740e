import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { RendezvousServer } from '../socket-types.js';
import { broadcastInSlices } from './sliced-broadcast.js';

/** A server of `count` sockets recording what each was sent, and when (by a shared sequence). */
function serverOf(count: number, disconnected: Set<number> = new Set()) {
  const log: Array<{ socket: number; event: string; payload: unknown; at: number }> = [];
  let sequence = 0;
  const sockets = new Map(
    Array.from({ length: count }, (_, i) => [
      `s${i}`,
      { connected: !disconnected.has(i), emit: (event: string, payload: unknown) => log.push({ socket: i, event, payload, at: ++sequence }) },
    ]),
  );
  const server = { of: () => ({ sockets }) } as unknown as RendezvousServer;
  return { server, log, tick: () => ++sequence };
}

describe('broadcastInSlices', () => {
  it('sends the event once to every connected socket, and to no disconnected one', async () => {
    const { server, log } = serverOf(1_234, new Set([7, 900]));
    await broadcastInSlices(server, 'presence:stats', { online: 3, searching: 1 }, { slice: 500 });
    expect(log).toHaveLength(1_232);
    expect(new Set(log.map((entry) => entry.socket)).size).toBe(1_232);
    expect(log.some((entry) => entry.socket === 7 || entry.socket === 900)).toBe(false);
    expect(log.every((entry) => entry.event === 'presence:stats' && (entry.payload as { online: number }).online === 3)).toBe(true);
  });

  it('lets other work run between slices', async () => {
    const { server, log, tick } = serverOf(1_200);
    let otherWorkAt = 0;
    setImmediate(() => (otherWorkAt = tick()));
    await broadcastInSlices(server, 'presence:stats', {}, { slice: 500 });
    const sentBefore = log.filter((entry) => entry.at < otherWorkAt).length;
    expect(sentBefore).toBe(500);
  });

  describe('with a spread', () => {
    afterEach(() => {
      jest.useRealTimers();
    });

    it('sends the slices evenly over spreadMs, the first at once', async () => {
      jest.useFakeTimers();
      const { server, log } = serverOf(1_500);
      const done = broadcastInSlices(server, 'presence:stats', {}, { slice: 500, spreadMs: 400 });
      expect(log).toHaveLength(500);
      await jest.advanceTimersByTimeAsync(199);
      expect(log).toHaveLength(500);
      await jest.advanceTimersByTimeAsync(1);
      expect(log).toHaveLength(1_000);
      await jest.advanceTimersByTimeAsync(200);
      await done;
      expect(log).toHaveLength(1_500);
    });
  });
});
