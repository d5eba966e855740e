// Process and service helpers of scripts/cluster.mjs: ports, Redis, nginx, child processes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Longer than a gateway's default drain (SHUTDOWN_DRAIN_MS, 15 s), so a stop never cuts one short. */
const STOP_TIMEOUT_MS = 20_000;

/** A TCP port nothing listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Fills every ${NGINX_*} of the template; a name without a value is an error (nothing half-filled). */
export function renderNginxTemplate(template, values) {
  return template.replace(/\$\{(NGINX_[A-Z0-9_]+)\}/g, (_, name) => {
    if (values[name] === undefined) throw new Error(`nginx template: no value for ${name}`);
    return values[name];
  });
}

/** true when a Redis answers PING at the URL (plain redis:// only; a TLS URL is trusted as given). */
export function redisAnswers(url, timeoutMs = 1_000) {
  const parsed = new URL(url);
  if (parsed.protocol === 'rediss:') return Promise.resolve(true);
  return new Promise((resolveAnswer) => {
    const socket = createConnection({ host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 6379) });
    const done = (answer) => {
      socket.destroy();
      resolveAnswer(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      const auth = parsed.password ? `AUTH ${decodeURIComponent(parsed.username || 'default')} ${decodeURIComponent(parsed.password)}\r\n` : '';
      socket.write(`${auth}PING\r\n`);
    });
    let seen = '';
    socket.on('data', (chunk) => {
      seen += chunk.toString();
      if (seen.includes('+PONG')) done(true);
      else if (seen.includes('-')) done(false);
    });
  });
}

/** Debian's nginx, installed with apt-get when it is missing and we may (root). */
export function ensureNginx() {
  const found = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' });
  const path = found.stdout.trim().split('\n')[0];
  if (found.status === 0 && path) return path;
  if (process.getuid?.() !== 0) throw new Error('nginx is not installed: apt-get install -y nginx');
  console.error('cluster: installing nginx from Debian (apt-get install -y nginx)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const installed = spawnSync('apt-get', ['install', '-y', '-qq', 'nginx'], { stdio: 'inherit', env });
  if (installed.status !== 0) throw new Error('apt-get install -y nginx failed');
  return '/usr/sbin/nginx';
}

/**
 * Debian's brotli_static module for nginx (serves the build's .br files), installed with apt-get when missing and we
 * may (root); null when it cannot be had, and nginx then serves the .gz files only.
 */
export function nginxBrotliStaticModule() {
  const path = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
  if (existsSync(path)) return path;
  if (process.getuid?.() !== 0) return null;
  console.error('cluster: installing nginx\'s brotli_static module from Debian (libnginx-mod-http-brotli-static)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', 'libnginx-mod-http-brotli-static'], { stdio: 'inherit', env });
  return existsSync(path) ? path : null;
}

export function redisServerPath() {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  if (process.getuid?.() !== 0) throw new Error('no Redis answers and redis-server is not installed: apt-get install -y redis-server');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env }).status !== 0) throw new Error('apt-get install -y redis-server failed');
  return 'redis-server';
}

export async function waitFor(check, timeoutMs, what, exited) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const gone = exited?.();
    if (gone) throw new Error(`${what}: ${gone}`);
    try {
      if (await check()) return;
    } catch (error) {
      last = String(error?.cause?.code ?? error?.message ?? error);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms ${last}`);
}

/** One child process with its output kept (the last lines), handed to `onOutput` whole, and, with `echo`, printed with a prefix. */
export function spawnChild(name, command, args, { env, cwd = ROOT, echo, onOutput }) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = (stream) => (chunk) => {
    const text = chunk.toString();
    onOutput?.(name, text);
    output.push(text);
    if (output.length > 500) output.splice(0, 250);
    if (echo) for (const line of text.split('\n')) if (line) stream.write(`[${name}] ${line}\n`);
  };
  child.stdout.on('data', keep(process.stdout));
  child.stderr.on('data', keep(process.stderr));
  const exited = new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal)));
  return { child, output, exited };
}

export function exitReport(proc) {
  return proc.child.exitCode !== null || proc.child.signalCode !== null
    ? `exited with ${proc.child.exitCode ?? proc.child.signalCode}:\n${proc.output.join('').slice(-4000)}`
    : null;
}

export async function stopChild(proc, signal = 'SIGTERM') {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return proc.exited;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const result = await proc.exited;
  clearTimeout(timer);
  return result;
}

/** Deletes every key under `prefix`, on one Redis (a URL) or on every master of a Redis Cluster (`{ clusterNodes: 'host:port,...' }`). */
export async function deleteKeys(where, prefix) {
  const { Cluster, Redis } = await import('ioredis');
  const redis =
    typeof where === 'string'
      ? new Redis(where, { maxRetriesPerRequest: 1, lazyConnect: true })
      : new Cluster(where.clusterNodes.split(',').map((node) => ({ host: node.slice(0, node.lastIndexOf(':')), port: Number(node.slice(node.lastIndexOf(':') + 1)) })), { lazyConnect: true, redisOptions: { maxRetriesPerRequest: 1 } });
  try {
    await redis.connect();
    for (const node of redis instanceof Cluster ? redis.nodes('master') : [redis]) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        // one key per command: in a cluster, keys of one node may still sit in different slots
        await Promise.all(keys.map((key) => node.unlink(key)));
        cursor = next;
      } while (cursor !== '0');
    }
  } catch {
    // Redis went away first: nothing left to clean.
  } finally {
    redis.disconnect();
  }
}
