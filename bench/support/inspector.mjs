import WebSocket from 'ws';

/** Runs a full garbage collection in a process started with --inspect=127.0.0.1:<port>, over the DevTools protocol. */
export async function collectGarbage(inspectPort) {
  const [target] = await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json();
  const ws = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  try {
    for (let i = 0; i < 2; i++) {
      await new Promise((resolve, reject) => {
        ws.once('message', resolve);
        ws.once('error', reject);
        ws.send(JSON.stringify({ id: i + 1, method: 'HeapProfiler.collectGarbage' }));
      });
    }
  } finally {
    ws.close();
  }
}

/** A Prometheus gauge's value from an app's /metrics (e.g. nodejs_heap_size_used_bytes). */
export async function metric(appUrl, name) {
  const text = await (await fetch(`${appUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').pop()) : null;
}
