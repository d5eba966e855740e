import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { RendezvousSocket } from '../socket-types.js';
import { LEAVE_GRACE_MS, sendAwayInSlices } from './send-away.js';

/** Sockets that record what they were told and when they were closed; `leaving` ones go by themselves when told. */
function socketsOf(count: number, { alreadyGone = new Set<number>(), leaving = new Set<number>() } = {}) {
  const log: Array<{ socket: number; what: string; at: number }> = [];
  const sockets = Array.from({ length: count }, (_, i) => {
    const socket = {
      connected: !alreadyGone.has(i),
      emit: (event: string, payload: unknown) => {
        log.push({ socket: i, what: `${event} ${JSON.stringify(payload)}`, at: Date.now() });
        if (leaving.has(i)) socket.connected = false;
      },
      disconnect: (close: boolean) => {
        log.push({ socket: i, what: `closed close=${close}`, at: Date.now() });
        socket.connected = false;
      },
    };
    return socket;
  });
  const told = (by: number) => log.filter((entry) => entry.what.startsWith('server:reconnect') && entry.at <= by).length;
  return { sockets: sockets as unknown as RendezvousSocket[], log, told };
}

describe('sendAwayInSlices', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('tells every connected socket to reconnect and closes the ones still there after the grace; a socket already gone is left alone', async () => {
    jest.useFakeTimers({ now: 0 });
    const { sockets, log } = socketsOf(5, { alreadyGone: new Set([2]), leaving: new Set([1]) });
    await sendAwayInSlices(sockets, 0);
    expect(log.map(({ socket, what }) => `${socket} ${what}`)).toEqual([0, 1, 3, 4].map((i) => `${i} server:reconnect {"reason":"shutdown"}`));
    await jest.advanceTimersByTimeAsync(LEAVE_GRACE_MS);
    expect(log.filter((entry) => entry.what.startsWith('closed')).map(({ socket, what, at }) => `${socket} ${what} at ${at}`)).toEqual(
      [0, 3, 4].map((i) => `${i} closed close=true at ${LEAVE_GRACE_MS}`),
    );
  });

  it('spreads 2,000 sockets evenly over the window: a tenth per tenth, the last at the end', async () => {
    jest.useFakeTimers({ now: 0 });
    const { sockets, told } = socketsOf(2_000);
    const done = sendAwayInSlices(sockets, 10_000);
    expect(told(0)).toBeLessThanOrEqual(40);
    await jest.advanceTimersByTimeAsync(10_000);
    await done;
    expect(told(10_000)).toBe(2_000);
    const perSecond = Array.from({ length: 10 }, (_, s) => told(s * 1_000 + 999) - told(s * 1_000 - 1));
    for (const count of perSecond) expect(count).toBeGreaterThanOrEqual(150);
    for (const count of perSecond) expect(count).toBeLessThanOrEqual(250);
  });

  it('sends a handful of sockets away one by one across the window, not together', async () => {
    jest.useFakeTimers({ now: 0 });
    const { sockets, log } = socketsOf(3);
    const done = sendAwayInSlices(sockets, 10_000);
    await jest.advanceTimersByTimeAsync(10_000);
    await done;
    expect(log.filter((entry) => entry.what.startsWith('server:reconnect')).map((entry) => entry.at)).toEqual([0, 5_000, 10_000]);
  });
});
