import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const SECRET = 'a'.repeat(32);

describe('loadConfig', () => {
  it('runs the embedded mode with defaults and a secret made at boot', () => {
    const config = loadConfig('all-in-one', {});
    expect(config).toMatchObject({ mode: 'embedded', port: 3000, redis: null, callTimeoutMs: 30_000, reconnectGraceMs: 20_000, sessionTtlSeconds: 7200 });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig('all-in-one', {}).jwtSecret).not.toBe(config.jwtSecret);
  });

  it('ignores REDIS_URL in the embedded mode', () => {
    expect(loadConfig('all-in-one', { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: 'x:1' }).redis).toBeNull();
  });

  it('refuses to start a distributed app without REDIS_URL and JWT_SECRET, naming both', () => {
    expect(() => loadConfig('gateway', {})).toThrow(ConfigError);
    try {
      loadConfig('gateway', {});
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toContain('REDIS_URL');
      expect(message).toContain('JWT_SECRET');
    }
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig('session', { REDIS_URL: 'http://x', JWT_SECRET: 'short', PORT: 'eighty', CALL_TIMEOUT_MS: '-5' });
      throw new Error('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['REDIS_URL', 'JWT_SECRET', 'PORT', 'CALL_TIMEOUT_MS']) expect(problems).toContain(name);
    }
  });

  it('reads a complete distributed configuration', () => {
    const config = loadConfig('matchmaking', {
      REDIS_URL: 'redis://redis:6379/0',
      JWT_SECRET: SECRET,
      REDIS_KEY_PREFIX: 'prod:',
      INTEREST_FALLBACK_MS: '2500',
    });
    expect(config).toMatchObject({ mode: 'distributed', port: 3002, redisKeyPrefix: 'prod:', interestFallbackMs: 2500 });
    expect(config.redis).toEqual({ cluster: false, nodes: [{ host: 'redis', port: 6379 }], db: 0, username: null, password: null, tls: false });
  });

  describe('Redis: one endpoint or a Redis Cluster, TLS and credentials', () => {
    const base = { JWT_SECRET: SECRET };
    const redisOf = (env: Record<string, string>) => loadConfig('gateway', { ...base, ...env }).redis;
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig('gateway', { ...base, ...env });
        return '';
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
    };

    it('reads TLS, user, password and database from REDIS_URL, never echoing the password in a problem', () => {
      expect(redisOf({ REDIS_URL: 'rediss://app:s%40cret@redis.example.org:6380/2' })).toEqual({
        cluster: false,
        nodes: [{ host: 'redis.example.org', port: 6380 }],
        db: 2,
        username: 'app',
        password: 's@cret',
        tls: true,
      });
      expect(problemsOf({ REDIS_URL: 'redis://:hunter2@redis:6379/db' })).toMatch(/REDIS_URL may end only in a database number/);
      expect(problemsOf({ REDIS_URL: 'redis://:hunter2@redis:6379/db' })).not.toContain('hunter2');
    });

    it('takes the password, user and TLS from REDIS_PASSWORD, REDIS_USERNAME and REDIS_TLS, so the URL can live in a ConfigMap', () => {
      expect(redisOf({ REDIS_URL: 'redis://redis:6379', REDIS_PASSWORD: 'p', REDIS_USERNAME: 'u', REDIS_TLS: 'true' })).toMatchObject({ password: 'p', username: 'u', tls: true });
      expect(problemsOf({ REDIS_URL: 'redis://:a@redis:6379', REDIS_PASSWORD: 'b' })).toMatch(/give the Redis password once/);
      expect(problemsOf({ REDIS_URL: 'rediss://redis:6379', REDIS_TLS: 'false' })).toMatch(/REDIS_TLS=false contradicts/);
      expect(problemsOf({ REDIS_URL: 'redis://redis:6379', REDIS_TLS: 'yes' })).toMatch(/REDIS_TLS must be true or false/);
    });

    it('switches to a Redis Cluster with REDIS_CLUSTER_NODES, and to the sharded socket.io adapter with it', () => {
      const config = loadConfig('gateway', { ...base, REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002', REDIS_PASSWORD: 'p', REDIS_TLS: 'true' });
      expect(config.redis).toEqual({
        cluster: true,
        nodes: [
          { host: '10.0.0.1', port: 7000 },
          { host: '10.0.0.2', port: 7001 },
          { host: '::1', port: 7002 },
        ],
        db: 0,
        username: null,
        password: 'p',
        tls: true,
      });
      expect(config.socketAdapter).toBe('redis-sharded');
      expect(redisOf({ REDIS_CLUSTER_NODES: 'rediss://:p@a:7000,rediss://:p@b:7000' })).toMatchObject({ cluster: true, password: 'p', tls: true });
    });

    it('names every wrong cluster setting', () => {
      expect(problemsOf({ REDIS_URL: 'redis://a:1', REDIS_CLUSTER_NODES: 'a:1' })).toMatch(/REDIS_URL .* or REDIS_CLUSTER_NODES .*, not both/);
      expect(problemsOf({ REDIS_CLUSTER_NODES: 'a:1', SOCKET_ADAPTER: 'redis' })).toMatch(/SOCKET_ADAPTER must be redis-sharded with REDIS_CLUSTER_NODES/);
      expect(problemsOf({ REDIS_CLUSTER_NODES: 'a:1,http://b:2' })).toMatch(/REDIS_CLUSTER_NODES has a bad node "http:\/\/b:2"/);
      expect(problemsOf({ REDIS_CLUSTER_NODES: 'redis://a:1,rediss://b:2' })).toMatch(/mixes redis:\/\/ and rediss:\/\//);
      expect(problemsOf({ REDIS_CLUSTER_NODES: 'redis://a:1/3' })).toMatch(/database 0 only/);
      expect(problemsOf({ REDIS_CLUSTER_NODES: ' , ' })).toMatch(/REDIS_CLUSTER_NODES lists no node/);
      expect(problemsOf({})).toMatch(/REDIS_URL \(or REDIS_CLUSTER_NODES for a Redis Cluster\) is required/);
    });
  });

  it('refuses a heartbeat TTL that does not outlast the heartbeat', () => {
    expect(() => loadConfig('all-in-one', { GATEWAY_HEARTBEAT_MS: '5000', GATEWAY_TTL_MS: '4000' })).toThrow('GATEWAY_TTL_MS');
  });

  it('spreads a drain over 10 s within a 15-s drain by default, and refuses a drain that does not outlast the spread', () => {
    expect(loadConfig('all-in-one', {})).toMatchObject({ shutdownSpreadMs: 10_000, shutdownDrainMs: 15_000 });
    expect(loadConfig('all-in-one', { SHUTDOWN_SPREAD_MS: '0', SHUTDOWN_DRAIN_MS: '300' })).toMatchObject({ shutdownSpreadMs: 0, shutdownDrainMs: 300 });
    // only the drain set, shorter (an older configuration): the spread's default shrinks to two thirds of it
    expect(loadConfig('all-in-one', { SHUTDOWN_DRAIN_MS: '5000' })).toMatchObject({ shutdownSpreadMs: 3_333, shutdownDrainMs: 5_000 });
    expect(loadConfig('all-in-one', { SHUTDOWN_DRAIN_MS: '60000' })).toMatchObject({ shutdownSpreadMs: 10_000 });
    expect(loadConfig('all-in-one', { SHUTDOWN_DRAIN_MS: '0' })).toMatchObject({ shutdownSpreadMs: 0, shutdownDrainMs: 0 });
    expect(() => loadConfig('all-in-one', { SHUTDOWN_DRAIN_MS: '5000', SHUTDOWN_SPREAD_MS: '10000' })).toThrow(/SHUTDOWN_DRAIN_MS \(5000\) must be greater than SHUTDOWN_SPREAD_MS \(10000\)/);
    expect(() => loadConfig('all-in-one', { SHUTDOWN_SPREAD_MS: '4000', SHUTDOWN_DRAIN_MS: '4000' })).toThrow('SHUTDOWN_SPREAD_MS');
  });

  it('selects the classic or the sharded socket.io redis adapter, and names a wrong choice', () => {
    const env = { REDIS_URL: 'redis://redis:6379', JWT_SECRET: SECRET };
    expect(loadConfig('gateway', env).socketAdapter).toBe('redis');
    expect(loadConfig('gateway', { ...env, SOCKET_ADAPTER: 'redis-sharded' }).socketAdapter).toBe('redis-sharded');
    expect(() => loadConfig('gateway', { ...env, SOCKET_ADAPTER: 'cluster' })).toThrow(/SOCKET_ADAPTER must be one of redis, redis-sharded/);
  });

  it('reads the log format (auto by default: pretty on a terminal), and names a wrong one', () => {
    expect(loadConfig('all-in-one', {}).logFormat).toBe('auto');
    expect(loadConfig('all-in-one', { LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig('all-in-one', { LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig('all-in-one', { LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT must be one of auto, pretty, json/);
  });

  it('reads STUN and TURN servers, and refuses TURN without a secret or with a bad URL', () => {
    const config = loadConfig('all-in-one', { STUN_URLS: 'stun:stun.example.org:3478, stun:stun2.example.org', TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349', TURN_SECRET: 's'.repeat(16) });
    expect(config.stunUrls).toEqual(['stun:stun.example.org:3478', 'stun:stun2.example.org']);
    expect(config.turnUrls).toEqual(['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349']);
    expect(loadConfig('all-in-one', {})).toMatchObject({ stunUrls: [], turnUrls: [], turnSecret: null, turnCredentialTtlSeconds: 3600 });
    expect(() => loadConfig('all-in-one', { TURN_URLS: 'turn:turn.example.org' })).toThrow('TURN_SECRET');
    expect(() => loadConfig('all-in-one', { STUN_URLS: 'http://stun.example.org' })).toThrow('STUN_URLS');
    expect(loadConfig('all-in-one', {}).iceTransportPolicy).toBe('all');
    expect(loadConfig('all-in-one', { ICE_TRANSPORT_POLICY: 'relay', TURN_URLS: 'turn:turn.example.org', TURN_SECRET: 's'.repeat(16) }).iceTransportPolicy).toBe('relay');
    expect(() => loadConfig('all-in-one', { ICE_TRANSPORT_POLICY: 'relay' })).toThrow('ICE_TRANSPORT_POLICY=relay needs TURN_URLS');
    expect(() => loadConfig('all-in-one', { ICE_TRANSPORT_POLICY: 'none' })).toThrow('ICE_TRANSPORT_POLICY must be one of all, relay');
  });

  it('reads the file sharing limits, with defaults, and names a bad one', () => {
    expect(loadConfig('all-in-one', {})).toMatchObject({ fileMaxBytes: 5 * 1024 * 1024, fileTtlSeconds: 3600 });
    expect(loadConfig('all-in-one', {}).rateLimits.fileUpload).toEqual({ count: 10, windowMs: 60_000 });
    expect(loadConfig('all-in-one', { FILE_MAX_BYTES: '1024', FILE_TTL_SECONDS: '60', RATE_LIMIT_FILE_UPLOAD: '3/1m' })).toMatchObject({
      fileMaxBytes: 1024,
      fileTtlSeconds: 60,
      rateLimits: { fileUpload: { count: 3, windowMs: 60_000 } },
    });
    for (const [name, value] of [['FILE_MAX_BYTES', '0'], ['FILE_MAX_BYTES', '5MB'], ['FILE_TTL_SECONDS', '1'], ['RATE_LIMIT_FILE_UPLOAD', '0/1m'], ['FILE_MAX_PER_PAIR', '0']]) {
      expect(() => loadConfig('all-in-one', { [name]: value })).toThrow(name);
    }
  });

  it('reads the shared-file quota (per pair and in total), which must leave room for one largest file', () => {
    expect(loadConfig('all-in-one', {})).toMatchObject({ filesPerPair: 10, filePairMaxBytes: 20 * 1024 * 1024, fileTotalMaxBytes: 128 * 1024 * 1024 });
    expect(loadConfig('all-in-one', { FILE_MAX_PER_PAIR: '3', FILE_PAIR_MAX_BYTES: '6000000', FILE_TOTAL_MAX_BYTES: '9000000' })).toMatchObject({
      filesPerPair: 3,
      filePairMaxBytes: 6_000_000,
      fileTotalMaxBytes: 9_000_000,
    });
    expect(() => loadConfig('all-in-one', { FILE_PAIR_MAX_BYTES: '1000' })).toThrow('FILE_PAIR_MAX_BYTES must be at least FILE_MAX_BYTES');
    expect(() => loadConfig('all-in-one', { FILE_TOTAL_MAX_BYTES: '6000000' })).toThrow('FILE_TOTAL_MAX_BYTES must be at least FILE_PAIR_MAX_BYTES');
  });
  it('reads rate limits as COUNT/DURATION, with the documented defaults', () => {
    const defaults = loadConfig('all-in-one', {}).rateLimits;
    expect(defaults).toEqual({
      sessionCreate: { count: 30, windowMs: 60_000 },
      match: { count: 20, windowMs: 10_000 },
      handshake: { count: 20, windowMs: 60_000 },
      handshakeAddress: { count: 60, windowMs: 60_000 },
      chat: { count: 20, windowMs: 10_000 },
      typing: { count: 20, windowMs: 10_000 },
      signaling: { count: 30, windowMs: 10_000 },
      ice: { count: 50, windowMs: 1_000 },
      strikes: { count: 100, windowMs: 10_000 },
      fileUpload: { count: 10, windowMs: 60_000 },
    });
    const config = loadConfig('all-in-one', { RATE_LIMIT_SESSION_CREATE: '5/2h', RATE_LIMIT_ICE: '100/500ms', RATE_LIMIT_MATCH: ' 7 / 30s ' });
    expect(config.rateLimits.sessionCreate).toEqual({ count: 5, windowMs: 7_200_000 });
    expect(config.rateLimits.ice).toEqual({ count: 100, windowMs: 500 });
    expect(config.rateLimits.match).toEqual({ count: 7, windowMs: 30_000 });
  });

  it('names every malformed rate limit', () => {
    try {
      loadConfig('all-in-one', { RATE_LIMIT_CHAT: 'ten', RATE_LIMIT_ICE: '0/1s', RATE_LIMIT_STRIKES: '5/2d', RATE_LIMIT_TYPING: '5' });
      throw new Error('should have thrown');
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['RATE_LIMIT_CHAT', 'RATE_LIMIT_ICE', 'RATE_LIMIT_STRIKES', 'RATE_LIMIT_TYPING']) expect(problems).toContain(name);
    }
  });

  it('allows no cross-origin caller unless CORS_ORIGINS lists it', () => {
    expect(loadConfig('all-in-one', {}).corsOrigins).toEqual([]);
    expect(loadConfig('all-in-one', { CORS_ORIGINS: 'https://chat.example.org, http://localhost:4200/' }).corsOrigins).toEqual([
      'https://chat.example.org',
      'http://localhost:4200',
    ]);
    expect(loadConfig('all-in-one', { CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    for (const bad of ['chat.example.org', 'https://chat.example.org/app', 'ftp://x.org']) {
      expect(() => loadConfig('all-in-one', { CORS_ORIGINS: bad })).toThrow('CORS_ORIGINS');
    }
  });

  it('reads PUBLIC_ORIGINS as origins, with no wildcard', () => {
    expect(loadConfig('all-in-one', {}).publicOrigins).toEqual([]);
    expect(loadConfig('all-in-one', { PUBLIC_ORIGINS: 'https://chat.example.org, http://localhost:8080' }).publicOrigins).toEqual(['https://chat.example.org', 'http://localhost:8080']);
    expect(() => loadConfig('all-in-one', { PUBLIC_ORIGINS: '*' })).toThrow('PUBLIC_ORIGINS must be a comma-separated list of origins');
    expect(() => loadConfig('all-in-one', { PUBLIC_ORIGINS: 'https://chat.example.org/app' })).toThrow('PUBLIC_ORIGINS');
  });

  it('reads METRICS_PORT, which must not be the app port', () => {
    expect(loadConfig('all-in-one', {}).metricsPort).toBeNull();
    expect(loadConfig('all-in-one', { METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(() => loadConfig('all-in-one', { METRICS_PORT: '3000' })).toThrow('METRICS_PORT must differ from PORT');
    expect(() => loadConfig('all-in-one', { METRICS_PORT: 'x' })).toThrow('METRICS_PORT');
  });

  it('reads the moderation settings in seconds and the trusted proxy hops', () => {
    const config = loadConfig('all-in-one', {
      REPORT_BAN_THRESHOLD: '2',
      REPORT_WINDOW_SECONDS: '60',
      BAN_DURATION_SECONDS: '600',
      BLOCK_TTL_SECONDS: '7200',
      REPORT_TRUSTED_AGE_SECONDS: '0',
      ADDRESS_BAN_SECONDS: '120',
      TRUST_PROXY: '1',
    });
    expect(config.moderation).toEqual({ reportBanThreshold: 2, reportWindowMs: 60_000, banMs: 600_000, blockMs: 7_200_000, reportTrustedAgeMs: 0, addressBanMs: 120_000 });
    expect(config.trustProxyHops).toBe(1);
    expect(loadConfig('all-in-one', {}).moderation).toEqual({
      reportBanThreshold: 3,
      reportWindowMs: 3_600_000,
      banMs: 86_400_000,
      blockMs: 86_400_000,
      reportTrustedAgeMs: 300_000,
      addressBanMs: 1_800_000,
    });
    expect(() => loadConfig('all-in-one', { REPORT_BAN_THRESHOLD: '0' })).toThrow('REPORT_BAN_THRESHOLD');
    expect(() => loadConfig('all-in-one', { TRUST_PROXY: 'yes' })).toThrow('TRUST_PROXY');
  });
});
