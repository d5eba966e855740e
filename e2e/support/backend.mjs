import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { freePort } from '../../scripts/cluster-support.mjs';

export { freePort };

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with ${result.status}`);
}

/** `npm run build` (server), plus the web build unless `build` already chains it. */
export function buildAll({ withServer }) {
  const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts ?? {};
  if (withServer) run('npm', ['run', 'build', '--silent']);
  if (!withServer || !String(scripts.build ?? '').includes('build:web')) run('npm', ['run', 'build:web', '--silent']);
}

export async function waitForHttp(baseUrl, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const health = await fetch(`${baseUrl}/health/live`);
      if (health.ok) return;
      const session = await fetch(`${baseUrl}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (session.status === 201 || session.status === 200) return;
      last = `health ${health.status}, sessions ${session.status}`;
    } catch (error) {
      last = String(error.cause?.code ?? error.message);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`backend at ${baseUrl} did not answer within ${timeoutMs} ms (${last})`);
}

/** Starts the embedded all-in-one server on a free port, with `env` on top of the suite's settings; its output goes to `logStream`. */
export async function startAllInOne({ callTimeoutMs, tokenTtlSeconds, banSeconds, logStream, env = {} }) {
  const entry = 'dist/apps/all-in-one/src/main.js';
  if (!existsSync(entry)) throw new Error(`${entry} not found: is the backend built?`);
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      PORT: String(port),
      CALL_TIMEOUT_MS: String(callTimeoutMs),
      TOKEN_TTL_SECONDS: String(tokenTtlSeconds),
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      // The most verbose logging, so the no-signaling-in-logs scenario searches everything the server can write.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'trace',
      ...reportSettings(banSeconds),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(logStream);
  child.stderr.pipe(logStream);
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`backend exited early with ${code}; see test-results/backend.log`))));
  await Promise.race([waitForHttp(baseUrl), exited]);
  return {
    baseUrl,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/**
 * Report settings of both modes. Every browser of the suite comes from 127.0.0.1 — one network — and its
 * sessions are seconds old, so no scenario could gather reports from several networks or from settled
 * sessions: one report bans (REPORT_BAN_THRESHOLD=1, every report weighing fully), briefly, so the
 * report scenario sees the ban and its message. Everything else (CORS_ORIGINS, the session and handshake
 * limits per address, the per-guest limits) stays at its production default.
 */
function reportSettings(banSeconds) {
  return {
    REPORT_BAN_THRESHOLD: process.env.REPORT_BAN_THRESHOLD ?? '1',
    REPORT_TRUSTED_AGE_SECONDS: '0',
    BAN_DURATION_SECONDS: String(banSeconds),
  };
}

/**
 * The distributed mode behind nginx (scripts/cluster.mjs): session, matchmaking and two gateways on the
 * shared Redis under a key prefix of this run, with the production defaults. Guest n's page is served by
 * the nginx entrance of gateway n (the same template, only that gateway behind it), so a pair always spans
 * both gateways and every page talks to its own origin. With `redisCluster`, every app is on a Redis Cluster of
 * this run's own (three masters) instead, the gateways on the sharded adapter.
 */
export async function startDistributed({ callTimeoutMs, tokenTtlSeconds, banSeconds, logStream, redisCluster = false }) {
  const { startCluster } = await import('../../scripts/cluster.mjs');
  const redis = redisCluster ? await (await import('../../test/support/redis-cluster.mjs')).startRedisCluster() : null;
  const cluster = await startCluster({
    gateways: 2,
    entrances: true,
    ...(redis ? { redisClusterNodes: redis.seeds } : {}),
    env: {
      CALL_TIMEOUT_MS: String(callTimeoutMs),
      TOKEN_TTL_SECONDS: String(tokenTtlSeconds),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'debug',
      ...reportSettings(banSeconds),
    },
  });
  const gateways = cluster.gateways.map((gateway) => ({ name: gateway.name, url: gateway.url }));
  return {
    baseUrls: cluster.entrances.map((entrance) => entrance.url),
    socketUrls: [],
    gateways,
    logPath: null,
    stop: async () => {
      logStream.end(cluster.logs());
      await cluster.stop();
      await redis?.stop();
    },
  };
}
