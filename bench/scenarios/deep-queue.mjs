import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { zipfInterests } from '../clients/lib/zipf-interests.mjs';
import { ROOT } from '../support/procs.mjs';
import { commandDelta } from '../support/redis-server.mjs';
import { scriptNames } from '../support/script-names.mjs';
import { round } from '../support/stats.mjs';

const dist = (path) => import(join(ROOT, 'dist', 'libs', path));
const BATCH = 500;
const FALLBACK_MS = 5_000;

/**
 * Scenario 2b: the matchmaking scripts with `queued` guests waiting who may not be paired with each other
 * (one device; 60 % with Zipf interests, as the load's), run from this process against the bench's Redis
 * through the real RedisMatchQueue and RedisPresenceRegistry: `joins` joiners who pair (batches of 500,
 * as a gateway's turn), sweeps with every guest with interests past its fallback, then the whole gateway
 * dropped as dead. Reports the longest run of each script, as Redis CPU (INFO cpu around single calls) and as
 * wall time (SLOWLOG, which also counts any moment a busy machine took the CPU from Redis), and the commands per step.
 */
export async function deepQueueScenario({ redis, queued, joins, sweeps, log }) {
  const { ProbeLimits, RedisMatchQueue, RedisPresenceRegistry } = await dist('matchmaking/src/index.js');
  const { KeySpace } = await dist('redis/src/index.js');
  const client = new Redis(redis.url, { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
  try {
    const root = new KeySpace(`bench-deep-${randomUUID().slice(0, 6)}:`);
    const queue = new RedisMatchQueue(client, root);
    const presence = new RedisPresenceRegistry(client, root);
    const gateway = `gw-${randomUUID().slice(0, 8)}`;
    await presence.heartbeat(gateway, queued + joins, 600_000);
    const interests = zipfInterests({ seed: 7 });
    let clock = Date.now();
    const guest = (deviceId) => {
      const guestId = randomUUID();
      return { guestId, username: guestId.slice(0, 8), deviceId: deviceId ?? `device-${guestId}`, interests: interests(), joinedAt: (clock += 1), gatewayId: gateway };
    };
    const rules = () => ({ now: clock, fallbackMs: 10 * queued, pairTtlMs: 4 * 3_600_000 });
    // Redis CPU of single script runs (INFO cpu around one call: a busy machine taking the CPU from Redis does
    // not count, unlike SLOWLOG's wall time), the longest per script
    const cpuMsByScript = {};
    const cpuOf = async (name, step) => {
      const before = await redis.cpuMs();
      const value = await step();
      cpuMsByScript[name] = Math.max(cpuMsByScript[name] ?? 0, (await redis.cpuMs()) - before);
      return value;
    };
    // as their gateway does at connect
    const attachAll = async (entries) => {
      for (let start = 0; start < entries.length; start += BATCH) {
        await Promise.all(entries.slice(start, start + BATCH).map(({ guestId }) => presence.attach(guestId, { socketId: `s-${guestId}`, gatewayId: gateway })));
      }
    };
    const joinAll = async (entries, { timed = false } = {}) => {
      const results = [];
      const size = timed ? ProbeLimits.joinsPerScript : BATCH; // timed: one script per call
      for (let start = 0; start < entries.length; start += size) {
        const slice = entries.slice(start, start + size);
        const join = () => queue.joinMany(slice, rules(), slice.map(({ guestId }) => ({ requestId: randomUUID(), socketId: `s-${guestId}` })));
        results.push(...(await (timed ? cpuOf('mm join', join) : join())));
      }
      return results;
    };
    const measure = async (step) => {
      const before = await redis.commandStats();
      const value = await step();
      const delta = commandDelta(before, await redis.commandStats());
      // the INFO calls that time single scripts are the bench's, not the step's
      return { value, commands: delta.total - (delta.byCommand.info ?? 0), calls: { evalsha: delta.byCommand.evalsha ?? 0, eval: delta.byCommand.eval ?? 0 } };
    };

    log(`deep queue: ${queued.toLocaleString('en')} guests waiting who may not be paired with each other`);
    const crowd = Array.from({ length: queued }, () => guest('crowd'));
    await attachAll(crowd);
    await joinAll(crowd);
    await redis.resetSlowlog();

    const joiners = Array.from({ length: joins }, () => guest());
    await attachAll(joiners);
    const joined = await measure(() => joinAll(joiners, { timed: true }));
    const matched = joined.value.filter((result) => result && typeof result === 'object').length;
    const sweepRules = () => ({ ...rules(), fallbackMs: FALLBACK_MS, now: clock + 10 * queued });
    const swept = await measure(async () => {
      let pairings = 0;
      for (let i = 0; i < sweeps; i++) pairings += (await cpuOf('mm sweep', () => queue.sweep(sweepRules()))).length;
      return pairings;
    });
    const dropped = await measure(async () => {
      let slices = 0;
      let guests = 0;
      for (let done = false; !done; slices++) {
        const slice = await cpuOf('presence forget gateway', () => presence.forgetGateway(gateway));
        await Promise.all(slice.guests.map((guestId) => queue.leave(guestId)));
        guests += slice.guests.length;
        done = slice.done;
      }
      return { slices, guests };
    });
    const slow = (await redis.slowest(await scriptNames())).filter(({ script }) => script);
    const longest = {};
    for (const { name, micros } of slow) longest[name] ??= micros;
    const scriptRuns = [joined, swept, dropped].reduce((sum, { calls }) => sum + calls.evalsha + calls.eval, 0);
    const result = {
      queued,
      joins,
      matched,
      redisCommandsPerJoin: round(joined.commands / joins, 1),
      sweeps,
      pairedBySweeps: swept.value,
      redisCommandsPerSweep: round(swept.commands / sweeps, 0),
      droppedGuests: dropped.value.guests,
      dropSlices: dropped.value.slices,
      redisCommandsPerDroppedGuest: round(dropped.commands / dropped.value.guests, 1),
      longestScriptCpuMs: round(Math.max(...Object.values(cpuMsByScript)), 2),
      longestCpuMsByScript: Object.fromEntries(Object.entries(cpuMsByScript).map(([name, ms]) => [name, round(ms, 2)])),
      longestScriptMs: round((slow[0]?.micros ?? 0) / 1000, 2),
      longestScript: slow[0]?.name ?? '< 0.1 ms',
      longestRunMsByScript: Object.fromEntries(Object.entries(longest).map(([name, micros]) => [name, round(micros / 1000, 2)])),
      // a run's wall time includes any moment the machine took the CPU from redis-server: how many runs took long
      scriptRunsOver1Ms: slow.filter(({ micros }) => micros > 1_000).length,
      scriptRunsOver5Ms: slow.filter(({ micros }) => micros > 5_000).length,
      scriptRuns,
    };
    log(`  longest script ${result.longestScriptCpuMs} ms of Redis CPU, ${result.longestScriptMs} ms of wall time (${result.longestScript}); ${result.redisCommandsPerJoin} commands per join, ${result.redisCommandsPerSweep} per sweep, ${result.dropSlices} slices to drop the gateway`);
    return result;
  } finally {
    client.disconnect();
  }
}
