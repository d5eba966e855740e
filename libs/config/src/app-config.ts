import type { RedisTarget } from './redis-target.js';

/** Every setting the backend reads, typed. Built once at boot by `loadConfig`. */
export interface AppConfig {
  mode: 'embedded' | 'distributed';
  host: string;
  port: number;
  /** Redis of the distributed apps (one endpoint or a cluster); null in the embedded mode. */
  redis: RedisTarget | null;
  /** Port of a listener of its own that serves only /metrics; null = none (the distributed apps then serve it on `port`). */
  metricsPort: number | null;
  redisKeyPrefix: string;
  jwtSecret: string;
  sessionTtlSeconds: number;
  tokenTtlSeconds: number;
  callTimeoutMs: number;
  reconnectGraceMs: number;
  interestFallbackMs: number;
  rematchCooldownMs: number;
  presenceIntervalMs: number;
  gatewayHeartbeatMs: number;
  gatewayTtlMs: number;
  socketMaxPayloadBytes: number;
  busTimeoutMs: number;
  gatewayId: string;
  webDistPath: string | null;
  /** A stopping gateway sends its sockets away evenly over this window, so their reconnects do not arrive at once. */
  shutdownSpreadMs: number;
  /** How long a stopping gateway waits for its sockets to leave (longer than the spread) before closing the rest. */
  shutdownDrainMs: number;
  logLevel: LogLevel;
  /** `pretty` (readable lines), `json` (one object a line), or `auto`: pretty when stdout is a terminal. */
  logFormat: LogFormat;
  /** `redis-sharded` (sharded pub/sub, a channel per room; the only one with a Redis Cluster) or the classic `redis` socket.io adapter. */
  socketAdapter: SocketAdapterKind;
  /** STUN servers handed to browsers (`stun:` URLs). */
  stunUrls: string[];
  /** TURN servers (`turn:`/`turns:` URLs); credentials are minted per guest from `turnSecret`. */
  turnUrls: string[];
  /** Shared secret of the TURN REST API (coturn `static-auth-secret`); null = no TURN. */
  turnSecret: string | null;
  /** Upper bound of a minted TURN credential's life (also capped by the session's remaining life). */
  turnCredentialTtlSeconds: number;
  /** `relay`: every call goes through TURN, so no guest's address reaches its partner; `all`: guests choose. */
  iceTransportPolicy: IceTransportPolicy;
  /** Largest shared file; a larger upload is refused with 413 before it is buffered. */
  fileMaxBytes: number;
  /** Safety net: a shared file expires this long after upload even if its pair never ends. */
  fileTtlSeconds: number;
  /** Files one pair may hold at once. */
  filesPerPair: number;
  /** Bytes one pair's files may hold at once. */
  filePairMaxBytes: number;
  /** Bytes all shared files together may hold (process memory or Redis); past it uploads get 503. */
  fileTotalMaxBytes: number;
  /** Origins allowed to call the REST API and open sockets cross-origin; empty = same origin only. */
  corsOrigins: string[];
  /** The origins the app itself is served at (the page's own origin); empty = localhost and IP addresses only. */
  publicOrigins: string[];
  /** Proxy hops in front of the HTTP apps whose X-Forwarded-For is trusted (0 = use the peer address). */
  trustProxyHops: number;
  rateLimits: RateLimits;
  moderation: ModerationSettings;
}

/** `count` events per `windowMs`: a fixed window for shared limits, a token bucket (capacity, refill) per socket. */
export interface RateRule {
  count: number;
  windowMs: number;
}

export interface RateLimits {
  /** Per IP: POST /api/sessions (shared store). */
  sessionCreate: RateRule;
  /** Per guest: match:join/next/leave/report/block and session:token (shared store). */
  match: RateRule;
  /** Per guest: socket handshakes (shared store), so reconnecting is no way around the other limits. */
  handshake: RateRule;
  /** Per client address: socket handshakes (shared store), authenticated or not. */
  handshakeAddress: RateRule;
  /** Per guest token buckets on the gateway (no Redis on the relay path), carried over to the guest's next socket. */
  chat: RateRule;
  typing: RateRule;
  signaling: RateRule;
  ice: RateRule;
  /** Refused events per guest tolerated in the window before its socket is disconnected. */
  strikes: RateRule;
  /** Per guest: POST /api/files (shared store). */
  fileUpload: RateRule;
}

export interface ModerationSettings {
  /** Total weight of distinct reporters within the window that bans a guest. */
  reportBanThreshold: number;
  reportWindowMs: number;
  banMs: number;
  /** A reporter's session younger than this weighs half. */
  reportTrustedAgeMs: number;
  /** How long an address ban holds (only after a second device from the address was banned). */
  addressBanMs: number;
  /** How long a block (and a report) keeps two guests apart. */
  blockMs: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const ICE_TRANSPORT_POLICIES = ['all', 'relay'] as const;
export type IceTransportPolicy = (typeof ICE_TRANSPORT_POLICIES)[number];

export const SOCKET_ADAPTERS = ['redis', 'redis-sharded'] as const;
export type SocketAdapterKind = (typeof SOCKET_ADAPTERS)[number];
