import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';

/** A DevTools-protocol session with a process started with --inspect=127.0.0.1:<port>. */
async function session(inspectPort) {
  const [target] = await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json();
  return devtoolsSession(target.webSocketDebuggerUrl);
}

/** A DevTools-protocol session over the inspector's websocket URL: `call(method, params)` and `close()`. */
export async function devtoolsSession(webSocketUrl) {
  const ws = new WebSocket(webSocketUrl, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let id = 0;
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const mine = ++id;
      const onMessage = (data) => {
        const message = JSON.parse(data.toString());
        if (message.id !== mine) return;
        ws.off('message', onMessage);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  return { call, close: () => ws.close() };
}

/** Two full garbage collections, then the V8 heap in use (bytes). */
export async function collectGarbageAndMeasureHeap(inspectPort) {
  const s = await session(inspectPort);
  try {
    await s.call('HeapProfiler.collectGarbage');
    await s.call('HeapProfiler.collectGarbage');
    return (await s.call('Runtime.getHeapUsage')).usedSize;
  } finally {
    s.close();
  }
}

/**
 * BENCH_CPU_PROF=phase: starts the CPU profiler of every inspectable process; the function returned stops
 * them and writes <dir>/<process>.<phase>.cpuprofile (read them with bench/profile-top.mjs) and a
 * sampled allocation profile, <process>.<phase>.heapprofile (Chrome DevTools, Memory tab).
 */
export async function profilePhase(procs, dir, phase) {
  const running = [];
  for (const proc of procs.filter((p) => p.inspectPort)) {
    const s = await session(proc.inspectPort);
    await s.call('Profiler.enable');
    await s.call('Profiler.setSamplingInterval', { interval: 200 });
    await s.call('Profiler.start');
    await s.call('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    running.push({ proc, s });
  }
  return async () => {
    mkdirSync(dir, { recursive: true });
    for (const { proc, s } of running) {
      const { profile } = await s.call('Profiler.stop');
      writeFileSync(join(dir, `${proc.name}.${phase}.cpuprofile`), JSON.stringify(profile));
      const { profile: heap } = await s.call('HeapProfiler.stopSampling');
      writeFileSync(join(dir, `${proc.name}.${phase}.heapprofile`), JSON.stringify(heap));
      s.close();
    }
  };
}
