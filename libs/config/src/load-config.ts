import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ICE_TRANSPORT_POLICIES, LOG_FORMATS, LOG_LEVELS, SOCKET_ADAPTERS, type AppConfig, type RateRule } from './app-config.js';
import { ConfigError } from './config-error.js';
import { redisTargetFromSettings } from './redis-target.js';

export type AppRole = 'all-in-one' | 'gateway' | 'session' | 'matchmaking';

type Env = Record<string, string | undefined>;

/** Default listening port per role, so the processes of one machine do not collide. */
const DEFAULT_PORTS: Record<AppRole, number> = { 'all-in-one': 3000, gateway: 3000, session: 3001, matchmaking: 3002 };

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? fallback : raw;
  }

  /** A comma-separated list whose every item matches `pattern`. */
  list(name: string, pattern: RegExp, what: string): string[] {
    const items = (this.env[name] ?? '').split(',').map((item) => item.trim()).filter(Boolean);
    const bad = items.filter((item) => !pattern.test(item));
    if (bad.length > 0) this.problems.push(`${name} must be a comma-separated list of ${what} (bad: ${bad.join(', ')})`);
    return items.filter((item) => pattern.test(item));
  }

  optional(name: string): string | null {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? null : raw;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  /** `COUNT/DURATION`, e.g. `30/1m`, `50/1s`, `20/10s`, `5/500ms`. */
  rate(name: string, fallback: RateRule): RateRule {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const match = /^\s*(\d{1,7})\s*\/\s*(\d{1,7})\s*(ms|s|m|h)\s*$/.exec(raw);
    const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
    const rule = match ? { count: Number(match[1]), windowMs: Number(match[2]) * unit[match[3] as keyof typeof unit] } : null;
    if (!rule || rule.count < 1 || rule.windowMs < 1 || rule.windowMs > 24 * 3_600_000) {
      this.problems.push(`${name} must be COUNT/DURATION such as 30/1m, 50/1s or 500/10s, with a count ≥ 1 and a duration up to 24h (got "${raw}")`);
      return fallback;
    }
    return rule;
  }

  /** Comma-separated origins (`scheme://host[:port]`), or (`wildcard`) `*` for any. */
  origins(name: string, wildcard = true): string[] {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === '') return [];
    const origins: string[] = [];
    for (const item of raw.split(',').map((part) => part.trim()).filter(Boolean)) {
      if (item === '*' && wildcard) {
        origins.push(item);
        continue;
      }
      let origin: string | null = null;
      try {
        const url = new URL(item);
        if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === item.replace(/\/$/, '')) origin = url.origin;
      } catch {
        origin = null;
      }
      if (origin) origins.push(origin);
      else this.problems.push(`${name} must be a comma-separated list of origins such as https://chat.example.org (scheme, host and optional port, no path)${wildcard ? ', or *' : ''} (got "${item}")`);
    }
    return origins;
  }
}

/**
 * Reads and validates the environment once. Embedded mode (all-in-one) never uses Redis;
 * the separate apps are the distributed mode and need Redis (REDIS_URL, or REDIS_CLUSTER_NODES) and JWT_SECRET.
 */
export function loadConfig(role: AppRole, env: Env = process.env): AppConfig {
  const read = new Reader(env);
  const mode = role === 'all-in-one' ? 'embedded' : 'distributed';
  const redis = redisTargetFromSettings({
    url: read.optional('REDIS_URL'),
    clusterNodes: read.optional('REDIS_CLUSTER_NODES'),
    username: read.optional('REDIS_USERNAME'),
    password: read.optional('REDIS_PASSWORD'),
    tls: read.optional('REDIS_TLS'),
  });
  if (mode === 'distributed') read.problems.push(...redis.problems);
  if (mode === 'distributed' && redis.target === null && redis.problems.length === 0) {
    read.problems.push(`REDIS_URL (or REDIS_CLUSTER_NODES for a Redis Cluster) is required to run the ${role} app on its own (use npm start for the embedded mode)`);
  }
  const cluster = mode === 'distributed' && redis.target?.cluster === true;
  let jwtSecret = read.optional('JWT_SECRET');
  if (jwtSecret === null) {
    if (mode === 'distributed') read.problems.push('JWT_SECRET is required in distributed mode (at least 32 characters)');
    jwtSecret = randomBytes(32).toString('base64url');
  } else if (jwtSecret.length < 32) {
    read.problems.push('JWT_SECRET must be at least 32 characters');
  }
  const prefix = read.string('REDIS_KEY_PREFIX', 'rdv:');
  if (!/^[A-Za-z0-9:_-]{1,32}$/.test(prefix)) {
    read.problems.push(`REDIS_KEY_PREFIX must be 1-32 characters of letters, digits, ':', '_' or '-' (got "${prefix}")`);
  }
  const sessionTtlSeconds = read.int('SESSION_TTL_SECONDS', 7200, 60, 7 * 24 * 3600);
  // A drain set shorter than the default 15 s (an older configuration) brings the spread's default down with it.
  const shutdownDrainMs = read.int('SHUTDOWN_DRAIN_MS', 15_000, 0, 300_000);
  const config: AppConfig = {
    mode,
    host: read.string('HOST', '0.0.0.0'),
    port: read.int('PORT', DEFAULT_PORTS[role], 0, 65535),
    redis: mode === 'distributed' ? redis.target : null,
    metricsPort: read.optional('METRICS_PORT') === null ? null : read.int('METRICS_PORT', 0, 1, 65535),
    redisKeyPrefix: prefix,
    jwtSecret,
    sessionTtlSeconds,
    tokenTtlSeconds: read.int('TOKEN_TTL_SECONDS', 3600, 2, 7 * 24 * 3600),
    callTimeoutMs: read.int('CALL_TIMEOUT_MS', 30_000, 100, 600_000),
    reconnectGraceMs: read.int('RECONNECT_GRACE_MS', 20_000, 100, 600_000),
    interestFallbackMs: read.int('INTEREST_FALLBACK_MS', 5_000, 0, 600_000),
    rematchCooldownMs: read.int('REMATCH_COOLDOWN_MS', 60_000, 0, 24 * 3600_000),
    presenceIntervalMs: read.int('PRESENCE_INTERVAL_MS', 1_000, 1_000, 60_000),
    gatewayHeartbeatMs: read.int('GATEWAY_HEARTBEAT_MS', 5_000, 100, 60_000),
    gatewayTtlMs: read.int('GATEWAY_TTL_MS', 15_000, 300, 300_000),
    socketMaxPayloadBytes: read.int('SOCKET_MAX_PAYLOAD_BYTES', 64 * 1024, 4 * 1024, 10 * 1024 * 1024),
    busTimeoutMs: read.int('BUS_TIMEOUT_MS', 5_000, 100, 60_000),
    gatewayId: read.string('GATEWAY_ID', `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`),
    webDistPath: read.optional('WEB_DIST_PATH'),
    shutdownSpreadMs: read.int('SHUTDOWN_SPREAD_MS', Math.min(10_000, Math.floor((shutdownDrainMs * 2) / 3)), 0, 120_000),
    shutdownDrainMs,
    logLevel: read.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    logFormat: read.oneOf('LOG_FORMAT', 'auto', LOG_FORMATS),
    socketAdapter: read.oneOf('SOCKET_ADAPTER', cluster ? 'redis-sharded' : 'redis', SOCKET_ADAPTERS),
    stunUrls: read.list('STUN_URLS', /^stuns?:[^\s,]+$/, 'stun: or stuns: URLs'),
    turnUrls: read.list('TURN_URLS', /^turns?:[^\s,]+$/, 'turn: or turns: URLs'),
    turnSecret: read.optional('TURN_SECRET'),
    turnCredentialTtlSeconds: read.int('TURN_CREDENTIAL_TTL_SECONDS', 3600, 60, 7 * 24 * 3600),
    iceTransportPolicy: read.oneOf('ICE_TRANSPORT_POLICY', 'all', ICE_TRANSPORT_POLICIES),
    fileMaxBytes: read.int('FILE_MAX_BYTES', 5 * 1024 * 1024, 1, 50 * 1024 * 1024),
    fileTtlSeconds: read.int('FILE_TTL_SECONDS', 3600, 10, 7 * 24 * 3600),
    filesPerPair: read.int('FILE_MAX_PER_PAIR', 10, 1, 1_000),
    filePairMaxBytes: read.int('FILE_PAIR_MAX_BYTES', 20 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    fileTotalMaxBytes: read.int('FILE_TOTAL_MAX_BYTES', 128 * 1024 * 1024, 1, 64 * 1024 * 1024 * 1024),
    corsOrigins: read.origins('CORS_ORIGINS'),
    publicOrigins: read.origins('PUBLIC_ORIGINS', false),
    trustProxyHops: read.int('TRUST_PROXY', 0, 0, 10),
    rateLimits: {
      sessionCreate: read.rate('RATE_LIMIT_SESSION_CREATE', { count: 30, windowMs: 60_000 }),
      match: read.rate('RATE_LIMIT_MATCH', { count: 20, windowMs: 10_000 }),
      handshake: read.rate('RATE_LIMIT_HANDSHAKE', { count: 20, windowMs: 60_000 }),
      handshakeAddress: read.rate('RATE_LIMIT_HANDSHAKE_ADDRESS', { count: 60, windowMs: 60_000 }),
      chat: read.rate('RATE_LIMIT_CHAT', { count: 20, windowMs: 10_000 }),
      typing: read.rate('RATE_LIMIT_TYPING', { count: 20, windowMs: 10_000 }),
      signaling: read.rate('RATE_LIMIT_SIGNALING', { count: 30, windowMs: 10_000 }),
      ice: read.rate('RATE_LIMIT_ICE', { count: 50, windowMs: 1_000 }),
      strikes: read.rate('RATE_LIMIT_STRIKES', { count: 100, windowMs: 10_000 }),
      fileUpload: read.rate('RATE_LIMIT_FILE_UPLOAD', { count: 10, windowMs: 60_000 }),
    },
    moderation: {
      reportBanThreshold: read.int('REPORT_BAN_THRESHOLD', 3, 1, 1_000),
      reportWindowMs: read.int('REPORT_WINDOW_SECONDS', 3_600, 1, 30 * 24 * 3_600) * 1_000,
      banMs: read.int('BAN_DURATION_SECONDS', 86_400, 1, 365 * 24 * 3_600) * 1_000,
      reportTrustedAgeMs: read.int('REPORT_TRUSTED_AGE_SECONDS', 300, 0, 24 * 3_600) * 1_000,
      addressBanMs: read.int('ADDRESS_BAN_SECONDS', 1_800, 1, 7 * 24 * 3_600) * 1_000,
      blockMs: read.int('BLOCK_TTL_SECONDS', 86_400, 1, 365 * 24 * 3_600) * 1_000,
    },
  };
  if (cluster && config.socketAdapter !== 'redis-sharded') {
    read.problems.push('SOCKET_ADAPTER must be redis-sharded with REDIS_CLUSTER_NODES (the classic adapter would copy every message to every node)');
  }
  if (config.turnUrls.length > 0 && config.turnSecret === null) {
    read.problems.push('TURN_URLS needs TURN_SECRET (the TURN REST API shared secret) to mint credentials');
  }
  if (config.iceTransportPolicy === 'relay' && config.turnUrls.length === 0) {
    read.problems.push('ICE_TRANSPORT_POLICY=relay needs TURN_URLS (and TURN_SECRET): without a relay no call could connect');
  }
  if (config.turnSecret !== null && config.turnSecret.length < 16) {
    read.problems.push('TURN_SECRET must be at least 16 characters');
  }
  if (config.metricsPort !== null && config.metricsPort === config.port) {
    read.problems.push('METRICS_PORT must differ from PORT (metrics are served on a listener of their own)');
  }
  if (config.filePairMaxBytes < config.fileMaxBytes) {
    read.problems.push('FILE_PAIR_MAX_BYTES must be at least FILE_MAX_BYTES (one file of the largest size must fit)');
  }
  if (config.fileTotalMaxBytes < config.filePairMaxBytes) {
    read.problems.push('FILE_TOTAL_MAX_BYTES must be at least FILE_PAIR_MAX_BYTES');
  }
  if (config.shutdownSpreadMs > 0 && config.shutdownDrainMs <= config.shutdownSpreadMs) {
    read.problems.push(
      `SHUTDOWN_DRAIN_MS (${config.shutdownDrainMs}) must be greater than SHUTDOWN_SPREAD_MS (${config.shutdownSpreadMs}): the drain must outlast the spread of reconnects`,
    );
  }
  if (config.gatewayTtlMs <= config.gatewayHeartbeatMs) {
    read.problems.push('GATEWAY_TTL_MS must be greater than GATEWAY_HEARTBEAT_MS');
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
