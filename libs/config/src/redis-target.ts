export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Where the distributed apps' Redis is: one endpoint (`REDIS_URL`), or the seed nodes of a Redis Cluster
 * (`REDIS_CLUSTER_NODES`; the other nodes are discovered). Every Redis client of an app is made from it.
 */
export interface RedisTarget {
  cluster: boolean;
  nodes: RedisNode[];
  /** Database number; a single endpoint only (a cluster has database 0 alone). */
  db: number;
  username: string | null;
  password: string | null;
  tls: boolean;
}

const DEFAULT_PORT = 6379;

/**
 * Reads `redis://[user:password@]host[:port][/db]` (`rediss://` for TLS). Throws with the reason on anything
 * else; the message never repeats the password.
 */
export function parseRedisUrl(raw: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('is not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('must start with redis:// or rediss://');
  if (!url.hostname) throw new Error('has no host');
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,2}$/.test(path)) throw new Error('may end only in a database number (/0 ... /15)');
  return {
    cluster: false,
    nodes: [{ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port }],
    db: path === '' ? 0 : Number(path),
    username: url.username === '' ? null : decodeURIComponent(url.username),
    password: url.password === '' ? null : decodeURIComponent(url.password),
    tls: url.protocol === 'rediss:',
  };
}

/**
 * `REDIS_CLUSTER_NODES`: comma-separated `host:port` (or `redis://` / `rediss://` URLs, which may carry the
 * credentials) of some of the cluster's nodes.
 */
export function parseClusterNodes(raw: string): RedisTarget {
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new Error('lists no node');
  const parsed = items.map((item) => {
    try {
      return parseRedisUrl(/^[a-z]+:\/\//i.test(item) ? item : `redis://${item}`);
    } catch (error) {
      throw new Error(`has a bad node "${item.replace(/\/\/[^@/]*@/, '//…@')}": it ${(error as Error).message} (expected host:port)`);
    }
  });
  if (parsed.some((node) => node.db !== 0)) throw new Error('names a database; a Redis Cluster has database 0 only');
  if (new Set(parsed.map((node) => node.tls)).size > 1) throw new Error('mixes redis:// and rediss:// nodes');
  const credentials = new Set(parsed.filter((node) => node.password !== null || node.username !== null).map((node) => `${node.username}\n${node.password}`));
  if (credentials.size > 1) throw new Error('gives different credentials on different nodes');
  const withCredentials = parsed.find((node) => node.password !== null || node.username !== null);
  return {
    cluster: true,
    nodes: parsed.flatMap((node) => node.nodes),
    db: 0,
    username: withCredentials?.username ?? null,
    password: withCredentials?.password ?? null,
    tls: parsed[0].tls,
  };
}

export interface RedisSettings {
  url: string | null;
  clusterNodes: string | null;
  username: string | null;
  password: string | null;
  /** `true` / `false` as given, or null when unset. */
  tls: string | null;
}

/**
 * The target from the REDIS_* variables: REDIS_URL or REDIS_CLUSTER_NODES (never both); REDIS_USERNAME and
 * REDIS_PASSWORD (so a URL can sit in a ConfigMap and the password in a Secret) unless the URL has them;
 * REDIS_TLS=true for TLS where the nodes are plain host:port. Null when neither is set.
 */
export function redisTargetFromSettings(settings: RedisSettings): { target: RedisTarget | null; problems: string[] } {
  const problems: string[] = [];
  if (settings.tls !== null && settings.tls !== 'true' && settings.tls !== 'false') problems.push(`REDIS_TLS must be true or false (got "${settings.tls}")`);
  if (settings.url !== null && settings.clusterNodes !== null) {
    problems.push('set REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both');
    return { target: null, problems };
  }
  const [name, raw, parse] = settings.clusterNodes !== null ? ['REDIS_CLUSTER_NODES', settings.clusterNodes, parseClusterNodes] as const : ['REDIS_URL', settings.url, parseRedisUrl] as const;
  if (raw === null) return { target: null, problems };
  let target: RedisTarget;
  try {
    target = parse(raw);
  } catch (error) {
    problems.push(`${name} ${(error as Error).message}`);
    return { target: null, problems };
  }
  if (settings.password !== null && target.password !== null) problems.push(`give the Redis password once: in ${name} or in REDIS_PASSWORD, not both`);
  if (settings.username !== null && target.username !== null) problems.push(`give the Redis user once: in ${name} or in REDIS_USERNAME, not both`);
  if (settings.tls === 'false' && target.tls) problems.push(`REDIS_TLS=false contradicts the rediss:// of ${name}`);
  return {
    target: {
      ...target,
      username: target.username ?? settings.username,
      password: target.password ?? settings.password,
      tls: target.tls || settings.tls === 'true',
    },
    problems,
  };
}

/** A target for a single endpoint given as a URL (tests and scripts use this). */
export function redisTargetOf(target: RedisTarget | string): RedisTarget {
  return typeof target === 'string' ? parseRedisUrl(target) : target;
}

/** For logs: where it connects, never the password. */
export function describeRedisTarget(target: RedisTarget): string {
  const scheme = target.tls ? 'rediss' : 'redis';
  const nodes = target.nodes.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`).join(',');
  return target.cluster ? `Redis Cluster ${scheme}://${nodes}` : `${scheme}://${nodes}${target.db ? `/${target.db}` : ''}`;
}
