/** Where a test reaches the system: the REST API and one or more gateways (one URL twice in embedded mode). */
export interface Topology {
  apiUrl: string;
  gatewayUrls: [string, string];
  jwtSecret: string;
  /** Settings the scenarios rely on. */
  callTimeoutMs: number;
  reconnectGraceMs: number;
}

/** Small limits, so the file scenarios reach them quickly. */
export const FILE_SETTINGS = {
  FILE_MAX_BYTES: '65536',
  FILE_UPLOADS_PER_MINUTE: '5',
} as const;

/** Settings shared by the embedded and distributed runs. */
export const TEST_SETTINGS = {
  ...FILE_SETTINGS,
  CALL_TIMEOUT_MS: '800',
  RECONNECT_GRACE_MS: '1500',
  REMATCH_COOLDOWN_MS: '60000',
  INTEREST_FALLBACK_MS: '400',
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
  SOCKET_MAX_PAYLOAD_BYTES: '65536',
  LOG_LEVEL: 'warn',
  SHUTDOWN_DRAIN_MS: '1000',
} as const;
