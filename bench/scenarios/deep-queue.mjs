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
 * dropped as dead. Reports the longest run of each script (SLOWLOG) and the commands per step.
 */
export async function deepQueueScenario({ redis, queued, joins, sweeps, log }) {
  const { RedisMatchQueue, RedisPresenceRegistry } = await dist('matchmaking/src/index.js');
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
    const joinAll = async (entries) => {
      const results = [];
      for (let start = 0; start < entries.length; start += BATCH) {
        const slice = entries.slice(start, start + BATCH);
        await Promise.all(slice.map(({ guestId }) => presence.attach(guestId, { socketId: `s-${guestId}`, gatewayId: gateway })));
        results.push(...(await queue.joinMany(slice, rules(), slice.map(({ guestId }) => ({ requestId: randomUUID(), socketId: `s-${guestId}` })))));
      }
      return results;
    };
    const measure = async (step) => {
      const before = await redis.commandStats();
      const value = await step();
      const delta = commandDelta(before, await redis.commandStats());
      return { value, commands: delta.total, calls: { evalsha: delta.byCommand.evalsha ?? 0, eval: delta.byCommand.eval ?? 0 } };
    };

    log(`deep queue: ${queued.toLocaleString('en')} guests waiting who may not be paired with each other`);
    const crowd = Array.from({ length: queued }, () => guest('crowd'));
    await joinAll(crowd);
    await redis.resetSlowlog();

    const joined = await measure(() => joinAll(Array.from({ length: joins }, () => guest())));
    const matched = joined.value.filter((result) => result && typeof result === 'object').length;
    const sweepRules = () => ({ ...rules(), fallbackMs: FALLBACK_MS, now: clock + 10 * queued });
    const swept = await measure(async () => {
      let pairings = 0;
      for (let i = 0; i < sweeps; i++) pairings += (await queue.sweep(sweepRules())).length;
      return pairings;
    });
    const dropped = await measure(async () => {
      let slices = 0;
      let guests = 0;
      for (let done = false; !done; slices++) {
        const slice = await presence.forgetGateway(gateway);
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
      longestScriptMs: round((slow[0]?.micros ?? 0) / 1000, 2),
      longestScript: slow[0]?.name ?? '< 0.1 ms',
      longestRunMsByScript: Object.fromEntries(Object.entries(longest).map(([name, micros]) => [name, round(micros / 1000, 2)])),
      // a run's wall time includes any moment the machine took the CPU from redis-server: how many runs took long
      scriptRunsOver1Ms: slow.filter(({ micros }) => micros > 1_000).length,
      scriptRunsOver5Ms: slow.filter(({ micros }) => micros > 5_000).length,
      scriptRuns,
    };
    log(`  longest script ${result.longestScriptMs} ms (${result.longestScript}); ${result.redisCommandsPerJoin} commands per join, ${result.redisCommandsPerSweep} per sweep, ${result.dropSlices} slices to drop the gateway`);
    return result;
  } finally {
    client.disconnect();
  }
}
