/** Every setting the backend reads, typed. Built once at boot by `loadConfig`. */
export interface AppConfig {
  mode: 'embedded' | 'distributed';
  host: string;
  port: number;
  redisUrl: string | null;
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
  shutdownDrainMs: number;
  logLevel: LogLevel;
  /** `redis-sharded` (Redis Cluster, sharded pub/sub) or the classic `redis` socket.io adapter. */
  socketAdapter: SocketAdapterKind;
  /** STUN servers handed to browsers (`stun:` URLs). */
  stunUrls: string[];
  /** TURN servers (`turn:`/`turns:` URLs); credentials are minted per guest from `turnSecret`. */
  turnUrls: string[];
  /** Shared secret of the TURN REST API (coturn `static-auth-secret`); null = no TURN. */
  turnSecret: string | null;
  /** Upper bound of a minted TURN credential's life (also capped by the session's remaining life). */
  turnCredentialTtlSeconds: number;
  /** Largest shared file; a larger upload is refused with 413 before it is buffered. */
  fileMaxBytes: number;
  /** Safety net: a shared file expires this long after upload even if its pair never ends. */
  fileTtlSeconds: number;
  /** Uploads one guest may start per minute (429 beyond). */
  fileUploadsPerMinute: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const SOCKET_ADAPTERS = ['redis', 'redis-sharded'] as const;
export type SocketAdapterKind = (typeof SOCKET_ADAPTERS)[number];
