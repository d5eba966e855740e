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
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
