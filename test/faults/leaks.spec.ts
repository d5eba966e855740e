import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MatchmakingKeys } from '@rendezvous/matchmaking';
import { KeySpace } from '@rendezvous/redis';
import type { Redis } from 'ioredis';
import { DistributedCluster, type RunningApp } from '../support/distributed-cluster.js';
import { eventually } from '../support/eventually.js';
import { candidate, createSession, GuestClient, sdp } from '../support/guest-client.js';
import { HARNESS_APP_ENV } from '../support/harness-env.js';
import { matchmakingRecords } from '../support/matchmaking-state.js';
import { metricValue } from '../support/metrics.js';
import { OwnRedisServer } from '../support/redis-server.js';

/**
 * A cycle is one guest's connect → join → match → signal → disconnect; guests run it in pairs. CI runs a
 * few hundred; FAULTS_FULL=1 runs 10,000 (or set FAULTS_LEAK_CYCLES).
 */
const CYCLES = Number(process.env.FAULTS_LEAK_CYCLES ?? (process.env.FAULTS_FULL === '1' ? 10_000 : 400));
const CONCURRENT_PAIRS = Number(process.env.FAULTS_LEAK_CONCURRENCY ?? 12);
const PAIRS = Math.ceil(CYCLES / 2);

/** Short windows, so whatever a cycle leaves behind on purpose (grace windows, call timers, cooldowns) is due soon after the run. */
const SETTINGS = {
  RECONNECT_GRACE_MS: '1500',
  CALL_TIMEOUT_MS: '2000',
  REMATCH_COOLDOWN_MS: '1000',
  INTEREST_FALLBACK_MS: '600000', // pairs meet on a tag of their own, never across cycles
};
const SETTLE_MS = 15_000;

const redisServer = new OwnRedisServer();
let cluster: DistributedCluster;
let redis: Redis;
let gateways: RunningApp[];

async function rss(app: RunningApp): Promise<number> {
  return metricValue(app.url, 'process_resident_memory_bytes');
}

/** One pair of cycles; `n` picks how the pairing ends, so every way out is exercised. */
async function cycle(n: number): Promise<void> {
  const tag = `leak${n}`;
  const [sa, sb] = await Promise.all([createSession(cluster.session.url), createSession(cluster.session.url)]);
  const [a, b] = await Promise.all([GuestClient.fromSession(sa, gateways[n % 2].url), GuestClient.fromSession(sb, gateways[(n + 1) % 2].url)]);
  try {
    a.emit('match:join', { interests: [tag] });
    b.emit('match:join', { interests: [tag] });
    const [foundA, foundB] = await Promise.all([a.waitFor('match:found', () => true, 20_000), b.waitFor('match:found', () => true, 20_000)]);
    if (foundA.partner.id !== b.id || foundB.partner.id !== a.id) throw new Error(`cycle ${n}: matched across pairs`);

    a.emit('webrtc:offer', { offer: sdp('offer', tag), type: 'video' });
    await b.waitFor('webrtc:offer', () => true, 20_000);
    if (n % 5 !== 4) {
      // (every fifth pair leaves its offer unanswered: the call timer must still go away)
      b.emit('webrtc:answer', { answer: sdp('answer', tag) });
      a.emit('webrtc:ice-candidate', { candidate: candidate(1) });
      await a.waitFor('webrtc:answer', () => true, 20_000);
      await b.waitFor('webrtc:ice-candidate', () => true, 20_000);
    }
    await a.emitWithAck('chat:message', { text: `hello ${tag}` });
    await b.waitFor('chat:message', () => true, 20_000);

    if (n % 5 === 1) {
      a.emit('match:leave', {});
      await b.waitFor('match:ended', () => true, 20_000);
    } else if (n % 5 === 2) {
      a.emit('match:next', {});
      a.close(); // gone at once, while its next puts it back in the queue
      await b.waitFor('match:ended', () => true, 20_000);
    } else if (n % 5 === 3) {
      a.close();
      await b.waitFor('match:partner-reconnecting', () => true, 20_000);
    }
    // n % 5 === 0 and 4: both vanish while paired (the grace window runs out with nobody left)
  } finally {
    a.close();
    b.close();
  }
}

beforeAll(async () => {
  await redisServer.start();
  redis = redisServer.client();
  cluster = new DistributedCluster({ ...HARNESS_APP_ENV, ...SETTINGS }, { redisUrl: redisServer.url });
  await cluster.start(2);
  gateways = cluster.gateways;
}, 60_000);

afterAll(async () => {
  await redis?.quit();
  await cluster?.stopAll();
  await redisServer.destroy();
});

describe(`leaks: ${PAIRS * 2} connect → join → match → signal → disconnect cycles`, () => {
  it('leaves only session hashes with a TTL in Redis, and every gateway map and timer empty', async () => {
    await cycle(PAIRS); // warm-up (its own tag), before memory is measured
    const before = new Map(await Promise.all(cluster.apps.map(async (app) => [app.name, await rss(app)] as const)));
    const started = Date.now();
    let next = 0;
    let done = 0;
    const failures: string[] = [];
    const worker = async () => {
      while (next < PAIRS) {
        const n = next++;
        await cycle(n).catch((error: unknown) => failures.push(`cycle ${n}: ${error instanceof Error ? error.message : String(error)}`));
        if (++done % 1000 === 0) console.log(`${done * 2} cycles in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_PAIRS }, worker));
    const seconds = (Date.now() - started) / 1000;
    expect(failures.slice(0, 5)).toEqual([]);

    const sessionPrefix = `${cluster.prefix}session:`;
    // Matchmaking's fixed keys: gateway heartbeats, the sweep's progress, and the records hash (below), with a lifetime.
    const matchmakingKeys = new RegExp(`^${cluster.prefix.replace(/[{}]/g, '\\$&')}\\{mm\\}:(gateways|sweep|records)$`);
    // Rate-limit counters are not a guest's state: they expire with their window (at most a minute here).
    const rateCounter = new RegExp(`^${cluster.prefix.replace(/[{}]/g, '\\$&')}rl:`);
    const requestStreams = new Set(['session', 'matchmaking'].map((service) => `${cluster.prefix}bus:${service}`));
    const replyStream = `${cluster.prefix}bus:reply:`;
    const leftovers = async () => {
      const unexpected: string[] = [];
      let sessions = 0;
      for (const key of await redis.keys(`${cluster.prefix}*`)) {
        if (key.startsWith(sessionPrefix) && (await redis.type(key)) === 'hash' && (await redis.pttl(key)) > 0) sessions++;
        else if (rateCounter.test(key) && (await redis.pttl(key)) > 0 && (await redis.pttl(key)) <= 60_000) continue;
        // The bus: a service's request stream holds only requests still waiting (none, once all is handled);
        // a process's reply stream is capped and expires a minute after its last reply.
        else if (requestStreams.has(key) && (await redis.xlen(key)) === 0) continue;
        else if (key.startsWith(replyStream) && (await redis.pttl(key)) > 0 && (await redis.pttl(key)) <= 60_000 && (await redis.xlen(key)) <= 1_100) continue;
        else if (!(matchmakingKeys.test(key) && (await redis.pttl(key)) > 0)) unexpected.push(key.slice(cluster.prefix.length));
      }
      // Of matchmaking's records only a guest's last request ids (to apply a redelivered request once), expiring,
      // and no open socket (a closed one leaves a marker for a minute, so a join still on its way is refused).
      const held = await matchmakingRecords(redis, cluster.prefix);
      const guestsWithRecords = held.filter((kind) => kind === 'req').length;
      unexpected.push(...held.filter((kind) => kind !== 'req').map((kind) => `{mm} record ${kind}`));
      const records = await redis.hgetall(new MatchmakingKeys(new KeySpace(cluster.prefix)).records);
      const openSockets = Object.entries(records).filter(([field, value]) => field.startsWith('c:') && !(value.startsWith('~') && Number(value.split('|').at(-1)) <= Date.now() + 60_000));
      unexpected.push(...openSockets.map(([field]) => `{mm} socket record ${field}`));
      return { unexpected: unexpected.sort().slice(0, 20), sessions, requestRecordsPerSession: guestsWithRecords <= sessions };
    };
    const redisState = await eventually(async () => {
      const state = await leftovers();
      if (state.unexpected.length > 0) throw new Error(`still in Redis: ${state.unexpected.join(', ')}`);
      return state;
    }, SETTLE_MS, 250).catch(leftovers);
    expect(redisState).toEqual({ unexpected: [], sessions: (PAIRS + 1) * 2, requestRecordsPerSession: true });

    for (const gateway of gateways) {
      const samples = [
        'rendezvous_connected_sockets',
        'rendezvous_gateway_pending_timers{kind="call-timeout"}',
        'rendezvous_gateway_pending_timers{kind="token-expiry"}',
        'rendezvous_gateway_state_entries{map="sockets"}',
        'rendezvous_gateway_state_entries{map="rooms"}',
        'rendezvous_gateway_state_entries{map="socket-rooms"}',
      ];
      const read = async () => Object.fromEntries(await Promise.all(samples.map(async (s) => [s, await metricValue(gateway.url, s)] as const)));
      const empty = Object.fromEntries(samples.map((s) => [s, 0]));
      const state = await eventually(async () => {
        const values = await read();
        if (Object.values(values).some((v) => v !== 0)) throw new Error(JSON.stringify(values));
        return values;
      }, SETTLE_MS, 250).catch(read);
      expect({ gateway: gateway.name, ...state }).toEqual({ gateway: gateway.name, ...empty });
    }
    const matchmaking = cluster.apps.find((app) => app.name === 'matchmaking')!;
    expect(await metricValue(matchmaking.url, 'rendezvous_queue_depth')).toBe(0);
    expect(cluster.exited()).toEqual([]);

    const report = await Promise.all(
      cluster.apps.map(async (app) => {
        const after = await rss(app);
        const start = before.get(app.name)!;
        return `${app.name.padEnd(12)} RSS ${(start / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MiB (${after >= start ? '+' : ''}${((after - start) / 2 ** 20).toFixed(1)})`;
      }),
    );
    console.log(`${PAIRS * 2} cycles in ${seconds.toFixed(1)} s (${((PAIRS * 2) / seconds).toFixed(0)}/s)\n${report.join('\n')}`);
  }, 3_600_000);
});
