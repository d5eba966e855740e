import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort } from './free-port.js';
import { parseClusterNodes } from '@rendezvous/config';
import { createRedisClient } from '@rendezvous/redis';
import { deleteKeys, keysMatching, redisEnvOf, TEST_REDIS_URL, type RedisMode } from './test-redis.js';

export type AppName = 'session' | 'matchmaking' | 'gateway' | 'all-in-one';

export interface ClusterOptions {
  /** The Redis every app uses; default the shared test Redis (REDIS_URL). Fault tests pass their own server's. */
  redisUrl?: string;
  /** `cluster`: the run's Redis Cluster (REDIS_CLUSTER_NODES) instead; its gateways then use the sharded adapter. */
  redisMode?: RedisMode;
  /** A Redis Cluster of the test's own (`host:port,...`), e.g. one whose masters a fault test kills. */
  redisClusterNodes?: string;
}

export interface RunningApp {
  name: string;
  port: number;
  url: string;
  /** Where its /metrics is: its own URL (distributed apps), or the METRICS_PORT listener the embedded app gets here. */
  metricsUrl: string;
  process: ChildProcess;
  output: string[];
}

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Tests make many sessions from one IP and send bursts no person would; the limits are out of the way
 * here unless a test sets them (test/security does), so each suite tests what it is about.
 */
export const RELAXED_LIMITS: Record<string, string> = {
  RATE_LIMIT_SESSION_CREATE: '1000000/1m',
  RATE_LIMIT_MATCH: '1000000/1m',
  RATE_LIMIT_HANDSHAKE: '1000000/1m',
  RATE_LIMIT_HANDSHAKE_ADDRESS: '1000000/1m',
  RATE_LIMIT_CHAT: '1000000/1s',
  RATE_LIMIT_TYPING: '1000000/1s',
  RATE_LIMIT_SIGNALING: '1000000/1s',
  RATE_LIMIT_ICE: '1000000/1s',
  RATE_LIMIT_STRIKES: '1000000/1s',
};

/**
 * Apps as real processes on loopback (the embedded all-in-one, or the distributed topology), from the built `dist/`: one Redis (the
 * test one, under a key prefix of this run), session, matchmaking and N gateways.
 */
export class DistributedCluster {
  readonly prefix = `rdvtest:${randomBytes(4).toString('hex')}:`;
  readonly apps: RunningApp[] = [];

  readonly redisUrl: string;
  /** What points the apps at their Redis: REDIS_URL, or REDIS_CLUSTER_NODES. */
  readonly redisEnv: Record<string, string>;

  constructor(
    private readonly env: Record<string, string> = {},
    options: ClusterOptions = {},
  ) {
    this.redisUrl = options.redisUrl ?? TEST_REDIS_URL;
    if (options.redisClusterNodes) this.redisEnv = { REDIS_URL: '', REDIS_CLUSTER_NODES: options.redisClusterNodes };
    else if (options.redisMode === 'cluster') this.redisEnv = redisEnvOf('cluster');
    else this.redisEnv = { REDIS_URL: this.redisUrl };
  }

  get session(): RunningApp {
    return this.find('session');
  }

  get gateways(): RunningApp[] {
    return this.apps.filter((app) => app.name.startsWith('gateway'));
  }

  async start(gatewayCount = 2): Promise<void> {
    await this.startApp('session', 'session');
    await this.startApp('matchmaking', 'matchmaking');
    for (let i = 1; i <= gatewayCount; i++) await this.startApp('gateway', `gateway-${i}`);
  }

  async startApp(app: AppName, name: string, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
    const entry = join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build:server first (npm test does)`);
    const port = await freePort();
    // The embedded app serves /metrics only on a port of its own (its main port is the public one).
    const metricsPort = app === 'all-in-one' ? await freePort() : null;
    const child = spawn(process.execPath, [entry], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...this.redisEnv,
        REDIS_KEY_PREFIX: this.prefix,
        PORT: String(port),
        HOST: '127.0.0.1',
        GATEWAY_ID: name,
        ...(metricsPort ? { METRICS_PORT: String(metricsPort) } : {}),
        ...RELAXED_LIMITS,
        ...this.env,
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = `http://127.0.0.1:${port}`;
    const running: RunningApp = { name, port, url, metricsUrl: metricsPort ? `http://127.0.0.1:${metricsPort}` : url, process: child, output: [] };
    const keep = (chunk: Buffer) => {
      running.output.push(chunk.toString());
      if (running.output.length > 2000) running.output.splice(0, 1000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.apps.push(running);
    await this.waitUntilListening(running);
    return running;
  }

  /** Sends SIGKILL (a crash) or SIGTERM and waits for the exit. */
  async stop(app: RunningApp, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (app.process.exitCode !== null || app.process.signalCode !== null) return app.process.exitCode;
    const exited = new Promise<number | null>((resolve) => app.process.once('exit', (code) => resolve(code)));
    app.process.kill(signal);
    return exited;
  }

  /** Kills every process and deletes every key of this run. */
  async stopAll(): Promise<void> {
    await Promise.all(this.apps.map((app) => this.stop(app, 'SIGKILL')));
    const redis = this.redisClient({ retryStrategy: null });
    redis.on('error', () => undefined); // a fault test may have stopped its own Redis for good
    try {
      await deleteKeys(redis, await keysMatching(redis, `${this.prefix}*`));
    } catch {
      // Nothing to clean where there is no server.
    } finally {
      redis.disconnect();
    }
  }

  /** A client of the apps' Redis (one Redis or the cluster); the caller quits it. */
  redisClient(overrides: { retryStrategy?: null } = {}) {
    const nodes = this.redisEnv.REDIS_CLUSTER_NODES;
    return createRedisClient(nodes ? parseClusterNodes(nodes) : this.redisUrl, 'test', overrides);
  }

  /** Apps that have exited (crashed, or were stopped) — for "no process exits" checks. */
  exited(): RunningApp[] {
    return this.apps.filter((app) => app.process.exitCode !== null || app.process.signalCode !== null);
  }

  /** Everything the processes printed; for failure messages. */
  logs(): string {
    return this.apps.map((app) => `===== ${app.name}\n${app.output.join('')}`).join('\n');
  }

  private find(name: string): RunningApp {
    const app = this.apps.find((a) => a.name === name);
    if (!app) throw new Error(`${name} is not running`);
    return app;
  }

  private async waitUntilListening(app: RunningApp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (app.process.exitCode !== null) throw new Error(`${app.name} exited with ${app.process.exitCode}:\n${app.output.join('')}`);
      try {
        await fetch(`${app.url}/`, { signal: AbortSignal.timeout(500) });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`${app.name} did not listen within ${timeoutMs} ms:\n${app.output.join('')}`);
  }
}
