import WebSocket from 'ws';

/** Node options that open the inspector on a free loopback port (its URL is printed on stderr). */
export const INSPECT_OPTIONS = '--inspect=127.0.0.1:0';

/** The inspector URL a process started with INSPECT_OPTIONS printed ("Debugger listening on ws://..."). */
export function inspectorUrl(output: string): string {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error('the process did not print an inspector URL (was it started with --inspect?)');
  return url;
}

export interface HeldMemory {
  /** Resident set size. */
  rss: number;
  /** Buffers and other ArrayBuffers still referenced, after full garbage collections. */
  arrayBuffers: number;
}

/** What the process holds after two full garbage collections: what it still references, not garbage waiting for a GC. */
export async function heldMemory(url: string): Promise<HeldMemory> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let id = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<any>((resolve, reject) => {
      const mine = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
        if (message.id !== mine) return;
        ws.off('message', onMessage);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const { result } = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    const usage = JSON.parse(result.value as string) as { rss: number; arrayBuffers: number };
    return { rss: usage.rss, arrayBuffers: usage.arrayBuffers };
  } finally {
    ws.close();
  }
}
