import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { freePort } from '../../scripts/cluster-support.mjs';
import { join } from 'node:path';

export { freePort };

export const ROOT = join(import.meta.dirname, '..', '..');
export const LOG_DIR = join(ROOT, 'test-results', 'bench');
/** The client side opens thousands of sockets; the shell raises the descriptor limit before exec (root may raise the hard one). */
const FD_LIMIT = 65536;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A child process with a raised `ulimit -n`, output to test-results/bench/<name>.log.
 * `ipc: true` gives it a message channel (the load clients).
 */
export function startProcess(name, command, args, { env = {}, ipc = false } = {}) {
  mkdirSync(LOG_DIR, { recursive: true });
  const quoted = [command, ...args].map((a) => `'${String(a).replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n $(ulimit -Hn); exec ${quoted}`], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])],
  });
  const log = createWriteStream(join(LOG_DIR, `${name}.log`));
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const proc = {
    name,
    child,
    pid: child.pid,
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal))),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await proc.exited;
      clearTimeout(timer);
    },
  };
  return proc;
}

/** Starts one of the built apps (dist/apps/<app>/src/main.js) on a free loopback port. */
export async function startApp(app, name, env = {}, { nodeArgs = [] } = {}) {
  const entry = join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
  const port = await freePort();
  const profile = process.env.BENCH_CPU_PROF;
  // phase: inspectable, so a scenario can profile just its measured phase (profilePhase); any other value: the whole life
  const inspectPort = profile === 'phase' && !nodeArgs.some((a) => a.startsWith('--inspect')) ? await freePort() : null;
  const profiling = inspectPort
    ? [`--inspect=127.0.0.1:${inspectPort}`]
    : profile && profile !== 'phase'
      ? ['--cpu-prof', `--cpu-prof-dir=${join(LOG_DIR, 'profiles')}`, `--cpu-prof-name=${name}.cpuprofile`]
      : [];
  const args = [...profiling, ...nodeArgs, entry];
  const proc = startProcess(name, process.execPath, args, { env: { PORT: String(port), HOST: '127.0.0.1', GATEWAY_ID: name, ...env } });
  proc.port = port;
  proc.inspectPort = inspectPort;
  proc.url = `http://127.0.0.1:${port}`;
  await waitForHttp(proc, `${proc.url}/health/live`);
  return proc;
}

/** Polls until `url` answers (any status); fails early if the process died. */
export async function waitForHttp(proc, url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited with ${proc.child.exitCode}; see ${join(LOG_DIR, proc.name + '.log')}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await sleep(150);
    }
  }
  throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms`);
}

/** Resident memory (bytes) and CPU time used so far (ms) of a process, from /proc. */
export function procUsage(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return { rssBytes: rssKb * 1024, cpuMs: (ticks * 1000) / 100 };
}

export async function stopAll(procs) {
  await Promise.all(procs.filter(Boolean).map((p) => p.stop()));
}
