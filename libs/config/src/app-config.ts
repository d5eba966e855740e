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
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const SOCKET_ADAPTERS = ['redis', 'redis-sharded'] as const;
export type SocketAdapterKind = (typeof SOCKET_ADAPTERS)[number];
