/** Types of scripts/cluster.mjs (the local distributed cluster behind nginx). */

export interface ClusterApp {
  /** `session`, `matchmaking`, `gateway-1` … `gateway-N` (also its GATEWAY_ID). */
  name: string;
  port: number;
  /** Direct URL of the app, bypassing nginx (health, metrics). */
  url: string;
  /** Pid of the current process (changes after restart). */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Exit code or signal name of the current process, once it ends. */
  readonly exited: Promise<number | string | null>;
  /** Sends the signal (default SIGTERM) and resolves with the exit code or signal name. */
  kill(signal?: NodeJS.Signals): Promise<number | string | null>;
  /** Stops it if running, starts it again on the same port (nginx keeps routing to it), waits for /health/ready. */
  restart(): Promise<ClusterApp>;
  logs(): string;
}

export interface Cluster {
  /** nginx: the web app, /api, /health and /socket.io, as browsers see it. */
  url: string;
  /** The one Redis the apps use; empty with a Redis Cluster. */
  redisUrl: string;
  /** The Redis Cluster the apps use (host:port,...), or null. */
  redisClusterNodes: string | null;
  /** REDIS_KEY_PREFIX of this run (its keys are deleted by stop() on a shared Redis). */
  prefix: string;
  /** true when no Redis answered at redisUrl and a redis-server was started for this cluster. */
  ownRedis: boolean;
  /** The environment every app got. */
  env: Record<string, string | undefined>;
  apps: ClusterApp[];
  app(name: string): ClusterApp | undefined;
  readonly gateways: ClusterApp[];
  /** nginx's filled-in config and its access log (one line per request, with the id the apps log). */
  nginx: { pid: number | undefined; port: number; config: string; accessLog: string; /** brotli_static loaded (Debian's module), besides gzip_static */ brotli: boolean };
  /** With `entrances`: one more nginx per gateway (same template, only that gateway behind it), in gateway order. */
  entrances: Array<{ gateway: string; url: string }>;
  logs(): string;
  /** Stops gateways (SIGTERM, draining), then session and matchmaking, nginx, its own redis-server; removes its files and keys. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Gateway processes behind nginx (default 2). */
  gateways?: number;
  /** Extra environment of every app; wins over the defaults (HOST, REDIS_URL, REDIS_KEY_PREFIX, JWT_SECRET, NODE_ENV, TRUST_PROXY=1). */
  env?: Record<string, string>;
  /** nginx's port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Redis to use when it answers (default process.env.REDIS_URL); otherwise redis-server is started on a free port. */
  redisUrl?: string;
  /** A Redis Cluster (`host:port,...`, default process.env.REDIS_CLUSTER_NODES) every app uses instead of redisUrl. */
  redisClusterNodes?: string;
  /** The built web app nginx serves (default dist/web/browser). */
  webRoot?: string;
  /** Print the processes' output with a [name] prefix. */
  echo?: boolean;
  /** Every chunk the apps print, as it comes (ClusterApp.logs() keeps only the last ones). */
  onOutput?: (name: string, text: string) => void;
  /** Also start one nginx per gateway (the same template with only that gateway), so a client can be placed on a gateway through nginx. */
  entrances?: boolean;
}

export const ROOT: string;
export const NGINX_TEMPLATE: string;
export function startCluster(options?: ClusterOptions): Promise<Cluster>;
export function renderNginxTemplate(template: string, values: Record<string, string>): string;
export function redisAnswers(url: string, timeoutMs?: number): Promise<boolean>;
export function ensureNginx(): string;
export function freePort(): Promise<number>;
