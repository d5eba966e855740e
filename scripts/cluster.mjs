#!/usr/bin/env node
// The distributed topology on one machine: Redis, session, matchmaking and N gateways as separate
// processes behind Debian's nginx, configured from the same template as the web image
// (deploy/nginx/rendezvous.conf.template). `npm run start:cluster` runs it; tests import startCluster.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deleteKeys, ensureNginx, exitReport, freePort, nginxBrotliStaticModule, redisAnswers, redisServerPath, renderNginxTemplate, ROOT, spawnChild, stopChild, waitFor } from './cluster-support.mjs';

export { ensureNginx, freePort, redisAnswers, renderNginxTemplate, ROOT } from './cluster-support.mjs';
export const NGINX_TEMPLATE = join(ROOT, 'deploy', 'nginx', 'rendezvous.conf.template');
const DEFAULT_WEB_ROOT = join(ROOT, 'dist', 'web', 'browser');
const READY_TIMEOUT_MS = 30_000;

/**
 * Starts the cluster and resolves once nginx answers and every app reports /health/ready.
 *
 * @param {object} [options]
 * @param {number} [options.gateways=2] gateway processes behind nginx
 * @param {Record<string,string>} [options.env] extra environment of every app (wins over the defaults)
 * @param {number} [options.port=0] nginx's port on 127.0.0.1; 0 picks a free one
 * @param {string} [options.redisUrl=process.env.REDIS_URL] used when it answers; otherwise a redis-server is started on a free port
 * @param {string} [options.redisClusterNodes=process.env.REDIS_CLUSTER_NODES] a Redis Cluster (host:port,...) every app uses instead
 * @param {string} [options.webRoot=dist/web/browser] the built web app nginx serves
 * @param {boolean} [options.echo=false] print the processes' output with a [name] prefix
 * @param {(name: string, text: string) => void} [options.onOutput] every chunk the apps print, as it comes (logs() keeps only the last ones)
 * @param {boolean} [options.entrances=false] also one nginx per gateway (same template, that gateway only), to place a client on a gateway
 * @returns {Promise<Cluster>}
 */
export async function startCluster({ gateways = 2, env = {}, port = 0, redisUrl = process.env.REDIS_URL, redisClusterNodes = process.env.REDIS_CLUSTER_NODES, webRoot = DEFAULT_WEB_ROOT, echo = false, entrances = false, onOutput } = {}) {
  if (!Number.isInteger(gateways) || gateways < 1) throw new Error(`gateways must be a positive integer (got ${gateways})`);
  for (const app of ['session', 'matchmaking', 'gateway']) {
    const entry = join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  }
  const nginxBin = ensureNginx();
  const workDir = mkdtempSync(join(tmpdir(), 'rendezvous-cluster-'));
  const processes = [];
  const cleanups = [];
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killAllNow);
    const apps = processes.filter((p) => p.kind === 'app');
    await Promise.all(apps.filter((p) => p.name.startsWith('gateway')).map((p) => stopChild(p.proc)));
    await Promise.all(apps.filter((p) => !p.name.startsWith('gateway')).map((p) => stopChild(p.proc)));
    for (const p of processes.filter((p) => p.kind !== 'app')) await stopChild(p.proc, p.kind === 'nginx' ? 'SIGQUIT' : 'SIGTERM');
    for (const cleanup of cleanups.reverse()) await cleanup();
    rmSync(workDir, { recursive: true, force: true });
  };
  // A parent that dies without stop() still takes its children along.
  const killAllNow = () => {
    for (const p of processes) if (p.proc.child.exitCode === null) p.proc.child.kill('SIGKILL');
  };
  process.once('exit', killAllNow);

  try {
    // Redis: a Redis Cluster when given; else the one at redisUrl when it answers (under a key prefix of this run), else our own.
    let ownRedis = false;
    if (redisClusterNodes) {
      redisUrl = '';
    } else if (!redisUrl || !(await redisAnswers(redisUrl))) {
      const redisPort = await freePort();
      const proc = spawnChild('redis', redisServerPath(), ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', workDir], { env: process.env, echo: false });
      processes.push({ kind: 'redis', name: 'redis', proc });
      redisUrl = `redis://127.0.0.1:${redisPort}`;
      await waitFor(() => redisAnswers(redisUrl), 10_000, 'redis-server', () => exitReport(proc));
      ownRedis = true;
    }
    const prefix = env.REDIS_KEY_PREFIX ?? `rdvcluster:${randomBytes(4).toString('hex')}:`;
    if (!ownRedis && env.REDIS_KEY_PREFIX === undefined) cleanups.push(() => deleteKeys(redisClusterNodes ? { clusterNodes: redisClusterNodes } : redisUrl, prefix));

    const appEnv = {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      HOST: '127.0.0.1',
      REDIS_URL: redisUrl,
      REDIS_CLUSTER_NODES: redisClusterNodes ?? '',
      REDIS_KEY_PREFIX: prefix,
      JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
      // nginx in front is the one trusted hop: the apps read the client's address from the X-Forwarded-For it sets.
      TRUST_PROXY: '1',
      ...env,
    };

    const apps = [];
    const launch = (name, app, appPort) => {
      const entry = join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
      const record = { kind: 'app', name, app, port: appPort };
      record.proc = spawnChild(name, process.execPath, [entry], { env: { ...appEnv, PORT: String(appPort), GATEWAY_ID: name }, echo, onOutput });
      return record;
    };
    const makeApp = (record) => {
      const handle = {
        name: record.name,
        port: record.port,
        url: `http://127.0.0.1:${record.port}`,
        get pid() {
          return record.proc.child.pid;
        },
        get exited() {
          return record.proc.exited;
        },
        get running() {
          return record.proc.child.exitCode === null && record.proc.child.signalCode === null;
        },
        kill(signal = 'SIGTERM') {
          record.proc.child.kill(signal);
          return record.proc.exited;
        },
        async restart() {
          if (handle.running) await stopChild(record.proc);
          const fresh = launch(record.name, record.app, record.port);
          record.proc = fresh.proc;
          await waitReady(record);
          return handle;
        },
        logs: () => record.proc.output.join(''),
      };
      return handle;
    };
    const waitReady = (record) =>
      waitFor(
        async () => (await fetch(`http://127.0.0.1:${record.port}/health/ready`, { signal: AbortSignal.timeout(1_000) })).ok,
        READY_TIMEOUT_MS,
        record.name,
        () => exitReport(record.proc),
      );

    const records = [];
    const ports = await Promise.all(Array.from({ length: gateways + 2 }, () => freePort()));
    records.push(launch('session', 'session', ports[0]), launch('matchmaking', 'matchmaking', ports[1]));
    for (let i = 1; i <= gateways; i++) records.push(launch(`gateway-${i}`, 'gateway', ports[i + 1]));
    processes.push(...records);
    await Promise.all(records.map(waitReady));
    apps.push(...records.map(makeApp));

    // nginx in front, from the web image's template; with `entrances`, also one nginx per gateway.
    const brotliModule = nginxBrotliStaticModule();
    const launchNginx = async (name, listenPort, upstreamGateways) => {
      const dir = join(workDir, name);
      mkdirSync(join(dir, 'logs'), { recursive: true });
      const conf = renderNginxTemplate(readFileSync(NGINX_TEMPLATE, 'utf8'), {
        NGINX_LISTEN: `127.0.0.1:${listenPort}`,
        NGINX_ACCESS_LOG: join(dir, 'logs', 'access.log'),
        NGINX_WEB_ROOT: resolve(webRoot),
        NGINX_MAX_BODY_SIZE: '12m',
        NGINX_PRECOMPRESSED: brotliModule ? 'gzip_static on; brotli_static on;' : 'gzip_static on;',
        NGINX_SESSION_SERVERS: `server 127.0.0.1:${ports[0]};`,
        NGINX_GATEWAY_SERVERS: upstreamGateways.map((r) => `server 127.0.0.1:${r.port};`).join(' '),
      });
      writeFileSync(join(dir, 'rendezvous.conf'), conf);
      writeFileSync(
        join(dir, 'nginx.conf'),
        [
          // Workers as root only because this is a throwaway loopback cluster whose files sit in root-owned folders.
          process.getuid?.() === 0 ? 'user root;' : '',
          brotliModule ? `load_module ${brotliModule};` : '',
          'worker_processes 1;',
          `pid ${join(dir, 'nginx.pid')};`,
          `error_log ${join(dir, 'logs', 'error.log')} warn;`,
          'events { worker_connections 4096; }',
          'http {',
          '  include /etc/nginx/mime.types;',
          '  default_type application/octet-stream;',
          ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, `${t}_temp`)};`),
          `  include ${join(dir, 'rendezvous.conf')};`,
          '}',
          '',
        ].join('\n'),
      );
      const nginxArgs = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'];
      const test = spawnSync(nginxBin, [...nginxArgs, '-t'], { encoding: 'utf8' });
      if (test.status !== 0) throw new Error(`nginx -t refused the configuration:\n${test.stderr}`);
      const proc = spawnChild(name, nginxBin, [...nginxArgs, '-g', 'daemon off;'], { env: process.env, echo });
      processes.push({ kind: 'nginx', name, proc });
      const url = `http://127.0.0.1:${listenPort}`;
      await waitFor(async () => (await fetch(`${url}/nginx-health`, { signal: AbortSignal.timeout(1_000) })).ok, 10_000, name, () => exitReport(proc));
      return { url, pid: proc.child.pid, port: listenPort, config: conf, accessLog: join(dir, 'logs', 'access.log'), brotli: brotliModule !== null };
    };
    const gatewayRecords = records.filter((r) => r.app === 'gateway');
    const nginx = await launchNginx('nginx', port || (await freePort()), gatewayRecords);
    const doors = entrances
      ? await Promise.all(gatewayRecords.map(async (gateway) => ({ gateway: gateway.name, ...(await launchNginx(`nginx-${gateway.name}`, await freePort(), [gateway])) })))
      : [];
    const url = nginx.url;

    return {
      url,
      redisUrl,
      redisClusterNodes: redisClusterNodes || null,
      prefix,
      ownRedis,
      env: appEnv,
      apps,
      app: (name) => apps.find((a) => a.name === name),
      get gateways() {
        return apps.filter((a) => a.name.startsWith('gateway'));
      },
      nginx: { pid: nginx.pid, port: nginx.port, config: nginx.config, accessLog: nginx.accessLog, brotli: nginx.brotli },
      entrances: doors.map(({ gateway, url: doorUrl }) => ({ gateway, url: doorUrl })),
      logs: () => processes.map((p) => `===== ${p.name}\n${p.proc.output.join('')}`).join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function parseArgs(argv) {
  const options = { gateways: Number(process.env.CLUSTER_GATEWAYS ?? 2), port: Number(process.env.CLUSTER_PORT ?? 8080) };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = () => inline ?? argv[++i];
    if (flag === '--gateways' || flag === '-n') options.gateways = Number(value());
    else if (flag === '--port' || flag === '-p') options.port = Number(value());
    else if (flag === '--help' || flag === '-h') {
      console.log('npm run start:cluster -- [--gateways N (default 2, or CLUSTER_GATEWAYS)] [--port P (default 8080, or CLUSTER_PORT)]');
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const webRoot = DEFAULT_WEB_ROOT;
  if (!existsSync(join(webRoot, 'index.html'))) {
    console.log('cluster: building the web app (npm run build:web)');
    if (spawnSync('npm', ['run', 'build:web', '--silent'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
  }
  const cluster = await startCluster({ ...options, webRoot, echo: true });
  console.log(`\ncluster: Rendezvous on ${cluster.url} (nginx) — ${cluster.redisClusterNodes ? `Redis Cluster ${cluster.redisClusterNodes}` : `Redis ${cluster.redisUrl}`}${cluster.ownRedis ? ' (started here)' : ''}, key prefix ${cluster.prefix}`);
  for (const app of cluster.apps) console.log(`cluster:   ${app.name.padEnd(12)} pid ${app.pid}  ${app.url}`);
  console.log('cluster: Ctrl-C stops everything it started');
  let stopping = false;
  const shutdown = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\ncluster: ${signal}: stopping`);
    cluster.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`cluster: ${error.message}`);
    process.exit(1);
  });
}
