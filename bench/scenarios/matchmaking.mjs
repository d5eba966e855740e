import { runClient } from '../support/client-process.mjs';
import { join } from 'node:path';
import { profilePhase } from '../support/inspector.mjs';
import { LOG_DIR, procUsage } from '../support/procs.mjs';
import { commandDelta } from '../support/redis-server.mjs';
import { startDistributed } from '../support/rendezvous-stack.mjs';
import { scriptNames } from '../support/script-names.mjs';
import { round } from '../support/stats.mjs';
import { deepQueueScenario } from './deep-queue.mjs';

/** The load's interests: 60 % of the guests with 1–3 of 30 tags, Zipf-distributed (bench/clients/lib/zipf-interests.mjs). */
const INTERESTS = { share: 0.6, tags: 30, min: 1, max: 3, s: 1, seed: 13 };

/**
 * Scenario 2: `guests` join in waves through two real gateways (distributed mode), on one stack: first as
 * fast as the waves go (the saturation throughput; time to match is then mostly queueing), then `paced`
 * (fewer joins per second, below saturation: the time to match a guest meets when the service keeps up);
 * both again with interests (INTERESTS, the default 5-s fallback). Redis is measured on the bench's own
 * redis-server between the first join and the last match: commands (INFO commandstats), its CPU (INFO cpu),
 * the time in scripts, and the longest script run (SLOWLOG). Then the scripts alone with a deep queue (deep-queue.mjs).
 */
export async function matchmakingScenario({ redis, guests, waveSize, waveIntervalMs, paced, deepQueue, log }) {
  const names = await scriptNames();
  const stack = await startDistributed(redis.url, { label: 'mm', env: { INTEREST_FALLBACK_MS: '5000' } });
  const result = {};
  try {
    Object.assign(result, await joinInWaves(stack, redis, names, { guests, waveSize, waveIntervalMs, log, profile: 'joins' }));
    if (paced) result.paced = await joinInWaves(stack, redis, names, { guests, ...paced, log, profile: 'paced-joins' });
    result.withInterests = await joinInWaves(stack, redis, names, { guests, waveSize, waveIntervalMs, interests: INTERESTS, log, profile: 'interest-joins' });
    if (paced) result.withInterests.paced = await joinInWaves(stack, redis, names, { guests, ...paced, interests: INTERESTS, log, profile: 'paced-interest-joins' });
  } finally {
    await stack.stop();
  }
  if (deepQueue) result.deepQueue = await deepQueueScenario({ redis, ...deepQueue, log });
  return result;
}

async function joinInWaves(stack, redis, names, { guests, waveSize, waveIntervalMs, interests, log, profile }) {
  log(`matchmaking: ${guests} guests, waves of ${waveSize} every ${waveIntervalMs} ms${interests ? `, ${interests.share * 100} % with interests` : ''}`);
  let before = null;
  let after = null;
  let stopProfiling = async () => undefined;
  const sample = async () => ({
    commands: await redis.commandStats(),
    usec: await redis.commandUsec(),
    redisCpuMs: await redis.cpuMs(),
    cpu: stack.procs.map((p) => procUsage(p.pid)),
    at: performance.now(),
  });
  const client = runClient(
    'matchmaking',
    { apiUrl: stack.apiUrl, urls: stack.gatewayUrls, guests, waveSize, waveIntervalMs, interests, timeoutMs: 120_000 },
    {
      log: (line) => log(`  ${line}`),
      onMessage: async (message) => {
        if (message.phase === 'joining') {
          stopProfiling = await profilePhase(stack.procs, join(LOG_DIR, 'profiles'), profile);
          await redis.resetSlowlog();
          before = { ...(await sample()), client: client.usage() };
        }
        if (message.phase === 'joined') {
          after = { ...(await sample()), client: client.usage() };
          await stopProfiling();
        }
        return { ok: true };
      },
    },
  );
  const result = await client.result;
  await settle(redis);
  // with interests the window ends when 99 % are matched (see the client): figures per match count those
  const matches = result.measuredMatches ?? result.matches;
  const commands = commandDelta(before.commands, after.commands);
  const seconds = (after.at - before.at) / 1000;
  const top = Object.entries(commands.byCommand).sort((a, b) => b[1] - a[1]);
  const redisCpuMs = after.redisCpuMs - before.redisCpuMs;
  const slow = (await redis.slowest(names)).filter(({ script }) => script);
  const summary = {
    ...result,
    redisCommandsPerMatch: round(commands.total / matches, 1),
    redisUsPerMatch: round((redisCpuMs * 1000) / matches, 1),
    scriptUsPerMatch: round(((after.usec.evalsha ?? 0) - (before.usec.evalsha ?? 0)) / matches, 1),
    longestScriptMs: round((slow[0]?.micros ?? 0) / 1000, 2),
    longestScript: slow[0]?.name ?? '< 0.1 ms',
    redisCommandsByType: Object.fromEntries(top.map(([c, n]) => [c, round(n / matches, 2)])),
    cpuPercentByProcess: Object.fromEntries(stack.procs.map((p, i) => [p.name, round((after.cpu[i].cpuMs - before.cpu[i].cpuMs) / 10 / seconds, 1)])),
    redisCpuPercent: round(redisCpuMs / 10 / seconds, 1),
    clientCpuPercent: round((after.client.cpuMs - before.client.cpuMs) / 10 / seconds, 1),
    serverCpuMsPerMatch: round((stack.procs.reduce((sum, _p, i) => sum + after.cpu[i].cpuMs - before.cpu[i].cpuMs, 0) + redisCpuMs) / matches, 3),
  };
  log(
    `  ${summary.matchesPerSecond} matches/s, time to match p50 ${summary.timeToMatchMs.p50} ms p99 ${summary.timeToMatchMs.p99} ms, ${summary.redisCommandsPerMatch} Redis commands and ${summary.redisUsPerMatch} Redis µs per match, ${summary.serverCpuMsPerMatch} CPU-ms per match (servers + Redis), longest script ${summary.longestScriptMs} ms`,
  );
  return summary;
}

/**
 * Waits until the stack has handled the run's end (its guests' sockets closing: leaves, mirrors), so the
 * next run's window holds only its own work: until Redis runs under 200 commands in half a second (the
 * background of heartbeats, sweeps and bus polls is far below), at most 15 s.
 */
async function settle(redis) {
  const total = async () => Object.values(await redis.commandStats()).reduce((sum, n) => sum + n, 0);
  const deadline = Date.now() + 15_000;
  let last = await total();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await total();
    if (now - last < 200) return;
    last = now;
  }
}
