import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, sleep, startProcess } from './procs.mjs';

/** SLOWLOG threshold of the bench's redis-server. */
const SLOW_US = 100;

/**
 * The bench's own redis-server on a free port (the shared one has other users, so its command
 * counts would not be ours), no persistence.
 */
export async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rdv-bench-redis-'));
  const proc = startProcess('redis-server', 'redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--maxclients', '20000']);
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  client.on('error', () => undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start: ${error.message}`);
      client.disconnect();
      await sleep(100);
    }
  }
  const version = /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? '?';
  // Every command or script of 100 µs or more, for the longest script run of a scenario.
  await client.config('SET', 'slowlog-log-slower-than', String(SLOW_US));
  await client.config('SET', 'slowlog-max-len', '100000');
  return {
    url,
    version,
    pid: proc.pid,
    /** Calls per command since start (INFO commandstats), e.g. {evalsha: 10, publish: 40}. */
    async commandStats() {
      const info = await client.info('commandstats');
      const counts = {};
      for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts[match[1]] = Number(match[2]);
      return counts;
    },
    /** µs spent in each command since start (INFO commandstats; a script's own figure includes the commands it ran). */
    async commandUsec() {
      const info = await client.info('commandstats');
      const usec = {};
      for (const match of info.matchAll(/^cmdstat_([^:]+):calls=\d+,usec=(\d+)/gm)) usec[match[1]] = Number(match[2]);
      return usec;
    },
    /** CPU time of the redis-server process in ms, as Redis reports it (INFO cpu: user + system). */
    async cpuMs() {
      const info = await client.info('cpu');
      const read = (name) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
      return (read('used_cpu_user') + read('used_cpu_sys')) * 1000;
    },
    async resetSlowlog() {
      await client.slowlog('RESET');
    },
    /**
     * The commands and scripts of SLOW_US or more since the last reset (the commands a script runs are
     * logged on their own too): {name, micros, script}, slowest first; scripts named by `scriptNames` (sha → name).
     */
    async slowest(scriptNames = {}) {
      const entries = await client.slowlog('GET', 100000);
      return entries
        .map(([, , micros, args]) => {
          const command = String(args[0]).toLowerCase();
          const script = command === 'evalsha' || command === 'eval';
          const name = command === 'evalsha' ? (scriptNames[args[1]] ?? `script ${String(args[1]).slice(0, 8)}`) : command;
          return { name, micros, script };
        })
        .sort((a, b) => b.micros - a.micros);
    },
    async stop() {
      client.disconnect();
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** after − before per command, and the total; the INFO calls that read them are left out. */
export function commandDelta(before, after) {
  const byCommand = {};
  let total = 0;
  for (const [command, calls] of Object.entries(after)) {
    const delta = calls - (before[command] ?? 0) - (command === 'info' ? 1 : 0);
    if (delta > 0) {
      byCommand[command] = delta;
      total += delta;
    }
  }
  return { total, byCommand };
}
