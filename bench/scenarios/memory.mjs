import { join } from 'node:path';
import { runClient } from '../support/client-process.mjs';
import { collectGarbageAndMeasureHeap } from '../support/inspector.mjs';
import { freePort, procUsage, ROOT, sleep, startProcess, waitForHttp } from '../support/procs.mjs';
import { startDistributed } from '../support/rendezvous-stack.mjs';
import { ratio, round } from '../support/stats.mjs';

const KB = 1024;

/** Our gateway (distributed mode; session and matchmaking beside it), inspectable. */
async function ourGateway(redis, inspectPort) {
  const stack = await startDistributed(redis.url, { gateways: 1, label: 'mem', nodeArgs: { gateway: [`--inspect=127.0.0.1:${inspectPort}`] } });
  return { proc: stack.gateways[0], apiUrl: stack.apiUrl, stop: stack.stop };
}

/** The bare socket.io + redis-adapter server of the relay scenario: the floor of a socket's cost. */
async function bareServer(redis, inspectPort) {
  const port = await freePort();
  const proc = startProcess('mem-bare', process.execPath, [`--inspect=127.0.0.1:${inspectPort}`, join(ROOT, 'bench', 'servers', 'bare-relay.mjs')], {
    env: { PORT: String(port), REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'membare:' },
  });
  proc.url = `http://127.0.0.1:${port}`;
  await waitForHttp(proc, proc.url);
  return { proc, apiUrl: null, stop: () => proc.stop() };
}

/** Opens idle sockets in steps; at each one a full GC (DevTools protocol), a settle, then RSS and heap. Then idle CPU. */
async function measure(server, inspectPort, { steps, idleMs, settleMs, log }) {
  const points = [];
  let idle = null;
  const client = runClient('idle-sockets', { apiUrl: server.apiUrl, url: server.proc.url, steps }, {
    log: (line) => log(`  ${line}`),
    onMessage: async (message) => {
      if (message.phase === 'step') {
        const heapUsedBytes = await collectGarbageAndMeasureHeap(inspectPort);
        await sleep(settleMs);
        points.push({ sockets: message.sockets, rssBytes: procUsage(server.proc.pid).rssBytes, heapUsedBytes });
      } else if (message.phase === 'idle') {
        const before = procUsage(server.proc.pid);
        await sleep(idleMs);
        const after = procUsage(server.proc.pid);
        idle = { sockets: message.sockets, seconds: idleMs / 1000, cpuPercent: round((after.cpuMs - before.cpuMs) / 10 / (idleMs / 1000), 2) };
      }
      return { ok: true };
    },
  });
  const result = await client.result;
  const [base, ...rest] = points;
  return {
    baselineRssMb: round(base.rssBytes / 2 ** 20, 1),
    points: rest.map((p) => ({
      sockets: p.sockets,
      rssMb: round(p.rssBytes / 2 ** 20, 1),
      rssPerSocketKb: round((p.rssBytes - base.rssBytes) / p.sockets / KB, 1),
      heapPerSocketKb: round((p.heapUsedBytes - base.heapUsedBytes) / p.sockets / KB, 1),
    })),
    idle,
    droppedWhileIdle: result.droppedWhileIdle,
  };
}

/**
 * Scenario 3: idle authenticated sockets on ONE of our gateways, and for scale the same number of anonymous
 * sockets on the bare socket.io server.
 */
export async function memoryScenario({ redis, steps, idleMs, settleMs = 3_000, log }) {
  const out = {};
  for (const [name, start] of [['rendezvous', ourGateway], ['bare', bareServer]]) {
    log(`memory: ${name}, idle sockets at ${steps.join(', ')}`);
    const inspectPort = await freePort();
    const server = await start(redis, inspectPort);
    try {
      out[name] = await measure(server, inspectPort, { steps, idleMs: name === 'bare' ? Math.min(idleMs, 5_000) : idleMs, settleMs, log });
    } finally {
      await server.stop();
    }
    for (const p of out[name].points) log(`  ${name} ${p.sockets} sockets: ${p.rssPerSocketKb} KB RSS / socket, ${p.heapPerSocketKb} KB heap / socket`);
    log(`  ${name} idle CPU with ${out[name].idle.sockets} sockets: ${out[name].idle.cpuPercent}% of one core`);
  }
  const last = (name) => out[name].points.at(-1);
  out.ratios = { rssPerSocketOursToBare: ratio(last('rendezvous').rssPerSocketKb, last('bare').rssPerSocketKb), heapPerSocketOursToBare: ratio(last('rendezvous').heapPerSocketKb, last('bare').heapPerSocketKb) };
  return out;
}
