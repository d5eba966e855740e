import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SessionResponse } from '@rendezvous/contracts';
import { io, type Socket } from 'socket.io-client';
import { DistributedCluster, type RunningApp } from '../support/distributed-cluster.js';
import { eventually } from '../support/eventually.js';
import { createSession, GuestClient } from '../support/guest-client.js';
import { HARNESS_APP_ENV } from '../support/harness-env.js';
import { metricValue } from '../support/metrics.js';

/** Sockets on the gateway that drains. */
const SOCKETS = 2_000;
/** The drain's spread (SHUTDOWN_SPREAD_MS), shorter than the 10-s default to keep the run short. */
const SPREAD_MS = Number(process.env.DRAIN_TEST_SPREAD_MS ?? 5_000);

const cluster = new DistributedCluster({
  ...HARNESS_APP_ENV,
  SHUTDOWN_SPREAD_MS: String(SPREAD_MS),
  SHUTDOWN_DRAIN_MS: String(SPREAD_MS + 4_000),
  // the 4,000 client sockets all live in this one test process: spare it 2,000 presence:stats a second
  PRESENCE_INTERVAL_MS: '60000',
});
let draining: RunningApp;
let staying: RunningApp;
const sockets: Socket[] = [];

/** When each guest was told to go, and when it was connected to the other gateway (-1: refused). */
interface Moves {
  told: number[];
  arrived: number[];
}

/** A guest that, told to reconnect, moves to the other gateway at once (as the web app does through a balancer). */
function connectMoving(session: SessionResponse, { told, arrived: arrivals }: Moves): Promise<void> {
  const socket = io(draining.url, { auth: { token: session.token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  socket.once('server:reconnect', () => {
    told.push(Date.now());
    socket.disconnect();
    const moved = io(staying.url, { auth: { token: session.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(moved);
    moved.once('connect', () => arrivals.push(Date.now()));
    moved.once('connect_error', (error) => arrivals.push(-1) && console.error(`reconnect refused: ${error.message}`));
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** One pairing from scratch on the staying gateway: session REST, two handshakes (session bus) and a match (matchmaking). */
async function pairOnce(): Promise<number> {
  const started = Date.now();
  const [a, b] = await Promise.all([GuestClient.create(cluster.session.url, staying.url), GuestClient.create(cluster.session.url, staying.url)]);
  try {
    a.emit('match:join', {});
    b.emit('match:join', {});
    await Promise.all([a.waitFor('match:found', () => true, 10_000), b.waitFor('match:found', () => true, 10_000)]);
    const errors = [...a.eventsNamed('webrtc:error'), ...b.eventsNamed('webrtc:error')];
    if (errors.length > 0) throw new Error(`errors while pairing: ${JSON.stringify(errors)}`);
    return Date.now() - started;
  } finally {
    a.close();
    b.close();
  }
}

beforeAll(async () => {
  await cluster.start(2);
  [draining, staying] = cluster.gateways;
}, 60_000);

afterAll(async () => {
  sockets.forEach((socket) => socket.close());
  await cluster.stopAll();
});

describe('a draining gateway with 2,000 sockets', () => {
  it('spreads their reconnects over SHUTDOWN_SPREAD_MS while session and matchmaking keep answering', async () => {
    const sessions: SessionResponse[] = [];
    for (let i = 0; i < SOCKETS; i += 100) sessions.push(...(await Promise.all(Array.from({ length: 100 }, () => createSession(cluster.session.url)))));
    const moves: Moves = { told: [], arrived: [] };
    const arrivals = moves.arrived;
    for (let i = 0; i < SOCKETS; i += 100) await Promise.all(sessions.slice(i, i + 100).map((session) => connectMoving(session, moves)));
    expect(await metricValue(draining.url, 'rendezvous_connected_sockets')).toBe(SOCKETS);

    const stoppedAt = Date.now();
    const exit = cluster.stop(draining, 'SIGTERM');
    const pairings: number[] = [];
    while (arrivals.length < SOCKETS && Date.now() - stoppedAt < SPREAD_MS + 10_000) pairings.push(await pairOnce());
    expect(await exit).toBe(0);
    await eventually(() => arrivals.length === SOCKETS, 5_000, 50);

    const perSecond = (times: number[]) => {
      const seconds = times.map((at) => Math.floor((at - stoppedAt) / 1_000));
      return Array.from({ length: Math.max(...seconds) + 1 }, (_, s) => seconds.filter((second) => second === s).length);
    };
    const told = perSecond(moves.told);
    const arrived = perSecond(arrivals);
    console.log(
      [
        `per second after SIGTERM (spread ${SPREAD_MS} ms, ${SOCKETS} sockets): told to go / reconnected to the other gateway`,
        ...arrived.map((count, s) => `  ${String(s).padStart(2)} s ${String(told[s] ?? 0).padStart(5)} ${String(count).padStart(5)} ${'#'.repeat(Math.round(count / 20))}`),
        `pairings from scratch on the other gateway meanwhile: ${pairings.length}, slowest ${Math.max(...pairings)} ms`,
      ].join('\n'),
    );
    expect(arrivals.filter((at) => at < 0)).toEqual([]);
    // Spread across the window: no second takes more than twice an even share (an undamped drain tells all
    // in the first second, and its reconnects pile up behind one another).
    const evenShare = SOCKETS / (SPREAD_MS / 1_000);
    expect(Math.max(...told)).toBeLessThanOrEqual(2 * evenShare);
    expect(Math.max(...moves.told) - Math.min(...moves.told)).toBeGreaterThanOrEqual(0.8 * SPREAD_MS);
    expect(Math.max(...arrived)).toBeLessThanOrEqual(2 * evenShare);
    // Every pairing probe succeeded (pairOnce throws otherwise), and they kept coming through the drain.
    expect(pairings.length).toBeGreaterThanOrEqual(3);
    expect(await metricValue(staying.url, 'rendezvous_connected_sockets')).toBe(SOCKETS);
  }, 120_000);
});
