import { runClient } from '../support/client-process.mjs';
import { procUsage } from '../support/procs.mjs';
import { commandDelta } from '../support/redis-server.mjs';
import { ratio, round } from '../support/stats.mjs';
import { startDistributed } from '../support/rendezvous-stack.mjs';
import { RELAY_SYSTEMS } from './relay-systems.mjs';

/** A load client that stops at each phase boundary until the scenario sends the next command. */
function steppedClient(system, params, log) {
  let arrived;
  let reply = null;
  const next = () => new Promise((resolve) => (arrived = resolve));
  let waiting = next();
  const client = runClient('relay', params, {
    log,
    onMessage: (message) => {
      const answer = new Promise((resolve) => (reply = resolve));
      arrived(message);
      return answer;
    },
  });
  const failed = client.result.then(() => {
    throw new Error(`relay client for ${system} finished early`);
  });
  return {
    client,
    /** Resolves at the client's next phase boundary. */
    async boundary() {
      const message = await Promise.race([waiting, failed]);
      waiting = next();
      return message;
    },
    command: (value) => reply(value),
  };
}

/**
 * Scenario 1: every system is started and loaded with the same pairs (setup and burst one system at a time),
 * then ping-pong runs in interleaved rounds — bare, ours, PeerJS, embedded, bare, … — so that noise from
 * the rest of the machine falls on all of them alike.
 */
export async function relayScenario({ redis, pairs, candidates, rounds, roundMs, log, systems = Object.keys(RELAY_SYSTEMS), catalog = RELAY_SYSTEMS }) {
  const runs = [];
  try {
    for (const name of systems) {
      const system = catalog[name];
      log(`relay: starting ${name}`);
      const stack = await system.start(redis);
      const run = { name, system, stack, totals: { seconds: 0, serverCpuMs: stack.procs.map(() => 0), redisCpuMs: 0, clientCpuMs: 0, commands: {} } };
      runs.push(run);
      run.stepper = steppedClient(name, { system: system.client, apiUrl: stack.apiUrl, urls: stack.gatewayUrls, pairs, candidates }, (line) => log(`  ${name}: ${line}`));
      await run.stepper.boundary(); // burst done, ready for rounds
    }
    for (let r = 0; r < rounds; r++) {
      for (const run of runs) {
        const before = await sample(run, redis);
        const commandsBefore = await redis.commandStats();
        run.stepper.command({ roundMs });
        await run.stepper.boundary();
        const after = await sample(run, redis);
        accumulate(run.totals, before, after, commandDelta(commandsBefore, await redis.commandStats()));
      }
      log(`relay: round ${r + 1}/${rounds} done`);
    }
    const results = {};
    for (const run of runs) {
      run.stepper.command({});
      results[run.name] = summarizeRun(run, await run.stepper.client.result);
      const x = results[run.name];
      log(`  ${run.name}: p50 ${x.latencyMs.p50} ms, p99 ${x.latencyMs.p99} ms, ${x.messagesPerSecond} msg/s, ${x.serverCpuMsPer1kMessages} CPU-ms per 1k msgs, errors ${x.errors}`);
    }
    if (catalog === RELAY_SYSTEMS && systems.length === Object.keys(RELAY_SYSTEMS).length) results.ratios = ratios(results);
    return results;
  } finally {
    for (const run of runs) await run.stack.stop();
  }
}

/** CPU so far of the servers, Redis (as Redis reports it: INFO cpu, finer than the process tick) and the client. */
async function sample(run, redis) {
  return {
    at: performance.now(),
    servers: run.stack.procs.map((p) => procUsage(p.pid)),
    redis: run.system.usesRedis ? { cpuMs: await redis.cpuMs() } : null,
    client: run.stepper.client.usage(),
  };
}

function accumulate(totals, before, after, commands) {
  totals.seconds += (after.at - before.at) / 1000;
  after.servers.forEach((usage, i) => (totals.serverCpuMs[i] += usage.cpuMs - before.servers[i].cpuMs));
  if (after.redis) totals.redisCpuMs += after.redis.cpuMs - before.redis.cpuMs;
  totals.clientCpuMs += after.client.cpuMs - before.client.cpuMs;
  for (const [command, calls] of Object.entries(commands.byCommand)) totals.commands[command] = (totals.commands[command] ?? 0) + calls;
}

function summarizeRun({ system, stack, totals }, result) {
  const percent = (ms) => round(ms / 10 / totals.seconds, 1);
  const serverCpuMs = totals.serverCpuMs.reduce((a, b) => a + b, 0);
  const commandTotal = Object.values(totals.commands).reduce((a, b) => a + b, 0);
  return {
    title: system.title,
    ...result,
    processes: stack.procs.length,
    serverCpuPercent: percent(serverCpuMs),
    cpuPercentByProcess: Object.fromEntries(stack.procs.map((p, i) => [p.name, percent(totals.serverCpuMs[i])])),
    redisCpuPercent: system.usesRedis ? percent(totals.redisCpuMs) : null,
    clientCpuPercent: percent(totals.clientCpuMs),
    serverCpuMsPer1kMessages: round(((serverCpuMs + totals.redisCpuMs) / result.messages) * 1000, 1),
    redisUsPerMessage: system.usesRedis ? round((totals.redisCpuMs / result.messages) * 1000, 2) : null,
    redisCommandsPerMessage: system.usesRedis ? round(commandTotal / result.messages, 2) : null,
    redisCommands: system.usesRedis ? totals.commands : null,
  };
}

function ratios(r) {
  return {
    p99OursToBare: ratio(r.rendezvous.latencyMs.p99, r.bare.latencyMs.p99),
    throughputOursToBare: ratio(r.rendezvous.messagesPerSecond, r.bare.messagesPerSecond),
    p99OursToPeerjs: ratio(r.rendezvous.latencyMs.p99, r.peerjs.latencyMs.p99),
    throughputOursToPeerjs: ratio(r.rendezvous.messagesPerSecond, r.peerjs.messagesPerSecond),
    p99EmbeddedToPeerjs: ratio(r.embedded.latencyMs.p99, r.peerjs.latencyMs.p99),
    throughputEmbeddedToPeerjs: ratio(r.embedded.messagesPerSecond, r.peerjs.messagesPerSecond),
    cpuPerMessageOursToBare: ratio(r.rendezvous.serverCpuMsPer1kMessages, r.bare.serverCpuMsPer1kMessages),
    cpuPerMessageOursToPeerjs: ratio(r.rendezvous.serverCpuMsPer1kMessages, r.peerjs.serverCpuMsPer1kMessages),
  };
}

/**
 * Scenario 1b: our distributed stack with `gateways` gateways (e.g. 2 and 4), with the classic adapter
 * (every gateway receives every room's messages) and the sharded one in dynamic mode (a gateway receives
 * only the rooms it has sockets in), the pairs spread over all the gateways: Redis CPU per relayed message
 * by gateway count shows whether it grows with the gateways. Ping-pong only, `rounds` interleaved rounds.
 */
export async function relayGatewayScaling({ redis, pairs, candidates, rounds, roundMs, gateways, log }) {
  const catalog = {};
  for (const adapter of ['redis', 'redis-sharded']) {
    for (const count of gateways) {
      catalog[`${adapter}/${count}`] = {
        title: `Rendezvous distributed, ${count} gateways, ${adapter === 'redis' ? 'classic adapter' : 'sharded adapter (dynamic)'}`,
        client: 'rendezvous',
        usesRedis: true,
        start: (r) => startDistributed(r.url, { label: `relay-${adapter}-${count}`, gateways: count, env: { SOCKET_ADAPTER: adapter } }),
      };
    }
  }
  const results = await relayScenario({ redis, pairs, candidates, rounds, roundMs, log, systems: Object.keys(catalog), catalog });
  const growth = {};
  for (const adapter of ['redis', 'redis-sharded']) {
    const [first, last] = [results[`${adapter}/${gateways[0]}`], results[`${adapter}/${gateways.at(-1)}`]];
    growth[`redisUsPerMessage ${gateways.at(-1)} / ${gateways[0]} gateways, ${adapter}`] = ratio(last.redisUsPerMessage, first.redisUsPerMessage);
  }
  return { ...results, growth };
}
