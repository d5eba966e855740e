import { runClient } from '../support/client-process.mjs';
import { collectGarbage, metric } from '../support/inspector.mjs';
import { freePort, procUsage, sleep } from '../support/procs.mjs';
import { startDistributed } from '../support/rendezvous-stack.mjs';
import { round } from '../support/stats.mjs';

const KB = 1024;

/**
 * Scenario 3: idle authenticated sockets on ONE gateway (distributed mode; session and matchmaking beside it).
 * At each step: a full GC in the gateway (DevTools protocol), a settle, then RSS and heap. Then CPU while idle.
 */
export async function memoryScenario({ redis, steps, idleMs, settleMs = 3_000, log }) {
  log(`memory: idle sockets at ${steps.join(', ')}`);
  const inspectPort = await freePort();
  const stack = await startDistributed(redis.url, { gateways: 1, label: 'mem', nodeArgs: { gateway: [`--inspect=127.0.0.1:${inspectPort}`] } });
  const gateway = stack.gateways[0];
  const points = [];
  let idle = null;
  const measure = async () => {
    await collectGarbage(inspectPort);
    await sleep(settleMs);
    return { rssBytes: procUsage(gateway.pid).rssBytes, heapUsedBytes: await metric(gateway.url, 'nodejs_heap_size_used_bytes') };
  };
  try {
    const client = runClient('idle-sockets', { apiUrl: stack.apiUrl, url: gateway.url, steps }, {
      log: (line) => log(`  ${line}`),
      onMessage: async (message) => {
        if (message.phase === 'step') {
          points.push({ sockets: message.sockets, ...(await measure()) });
          log(`  ${message.sockets} sockets: RSS ${round(points.at(-1).rssBytes / 2 ** 20, 1)} MB`);
        } else if (message.phase === 'idle') {
          const before = procUsage(gateway.pid);
          await sleep(idleMs);
          const after = procUsage(gateway.pid);
          idle = { sockets: message.sockets, seconds: idleMs / 1000, cpuPercent: round((after.cpuMs - before.cpuMs) / 10 / (idleMs / 1000), 2) };
        }
        return { ok: true };
      },
    });
    const result = await client.result;
    const base = points[0];
    const perSocket = points.slice(1).map((p) => ({
      sockets: p.sockets,
      rssMb: round(p.rssBytes / 2 ** 20, 1),
      rssPerSocketKb: round((p.rssBytes - base.rssBytes) / p.sockets / KB, 1),
      heapPerSocketKb: round((p.heapUsedBytes - base.heapUsedBytes) / p.sockets / KB, 1),
    }));
    const summary = { baselineRssMb: round(base.rssBytes / 2 ** 20, 1), points: perSocket, idle, droppedWhileIdle: result.droppedWhileIdle };
    for (const p of perSocket) log(`  ${p.sockets} sockets: ${p.rssPerSocketKb} KB RSS / socket, ${p.heapPerSocketKb} KB heap / socket`);
    log(`  idle CPU with ${idle.sockets} sockets: ${idle.cpuPercent}% of one core`);
    return summary;
  } finally {
    await stack.stop();
  }
}
