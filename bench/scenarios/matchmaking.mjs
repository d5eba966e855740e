import { runClient } from '../support/client-process.mjs';
import { join } from 'node:path';
import { profilePhase } from '../support/inspector.mjs';
import { LOG_DIR, procUsage } from '../support/procs.mjs';
import { commandDelta } from '../support/redis-server.mjs';
import { startDistributed } from '../support/rendezvous-stack.mjs';
import { round } from '../support/stats.mjs';

/**
 * Scenario 2: `guests` join in waves through two real gateways (distributed mode), twice on the same
 * stack: first as fast as the waves go (the saturation throughput; time to match is then mostly queueing),
 * then `paced` (fewer joins per second, below saturation: the time to match a guest meets when the
 * service keeps up). Redis commands are counted on the bench's own Redis (INFO commandstats) between the
 * first join and the last match.
 */
export async function matchmakingScenario({ redis, guests, waveSize, waveIntervalMs, paced, log }) {
  const stack = await startDistributed(redis.url, { label: 'mm' });
  try {
    const saturated = await joinInWaves(stack, redis, { guests, waveSize, waveIntervalMs, log, profile: 'joins' });
    const below = paced ? await joinInWaves(stack, redis, { guests, ...paced, log, profile: 'paced-joins' }) : null;
    return { ...saturated, ...(below ? { paced: below } : {}) };
  } finally {
    await stack.stop();
  }
}

async function joinInWaves(stack, redis, { guests, waveSize, waveIntervalMs, log, profile }) {
  log(`matchmaking: ${guests} guests, waves of ${waveSize} every ${waveIntervalMs} ms`);
  let before = null;
  let after = null;
  let stopProfiling = async () => undefined;
  const sample = async () => ({ commands: await redis.commandStats(), cpu: stack.procs.map((p) => procUsage(p.pid)), redisCpu: procUsage(redis.pid), at: performance.now() });
  const client = runClient(
    'matchmaking',
    { apiUrl: stack.apiUrl, urls: stack.gatewayUrls, guests, waveSize, waveIntervalMs, timeoutMs: 120_000 },
    {
      log: (line) => log(`  ${line}`),
      onMessage: async (message) => {
        if (message.phase === 'joining') {
          stopProfiling = await profilePhase(stack.procs, join(LOG_DIR, 'profiles'), profile);
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
  const commands = commandDelta(before.commands, after.commands);
  const seconds = (after.at - before.at) / 1000;
  const top = Object.entries(commands.byCommand).sort((a, b) => b[1] - a[1]);
  const summary = {
    ...result,
    redisCommandsPerMatch: round(commands.total / result.matches, 1),
    redisCommandsByType: Object.fromEntries(top.map(([c, n]) => [c, round(n / result.matches, 2)])),
    cpuPercentByProcess: Object.fromEntries(stack.procs.map((p, i) => [p.name, round((after.cpu[i].cpuMs - before.cpu[i].cpuMs) / 10 / seconds, 1)])),
    redisCpuPercent: round((after.redisCpu.cpuMs - before.redisCpu.cpuMs) / 10 / seconds, 1),
    clientCpuPercent: round((after.client.cpuMs - before.client.cpuMs) / 10 / seconds, 1),
    serverCpuMsPerMatch: round(
      (stack.procs.reduce((sum, _p, i) => sum + after.cpu[i].cpuMs - before.cpu[i].cpuMs, 0) + after.redisCpu.cpuMs - before.redisCpu.cpuMs) / result.matches,
      3,
    ),
  };
  log(`  ${summary.matchesPerSecond} matches/s, time to match p50 ${summary.timeToMatchMs.p50} ms p99 ${summary.timeToMatchMs.p99} ms, ${summary.redisCommandsPerMatch} Redis commands per match, ${summary.serverCpuMsPerMatch} CPU-ms per match (servers + Redis)`);
  return summary;
}
