import { devtoolsSession } from '../../bench/support/inspector.mjs';

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
  const session = await devtoolsSession(url);
  try {
    await session.call('HeapProfiler.collectGarbage');
    await session.call('HeapProfiler.collectGarbage');
    const { result } = await session.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    const usage = JSON.parse(result.value as string) as { rss: number; arrayBuffers: number };
    return { rss: usage.rss, arrayBuffers: usage.arrayBuffers };
  } finally {
    session.close();
  }
}
