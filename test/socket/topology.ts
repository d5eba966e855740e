/** Where a test reaches the system: the REST API and one or more gateways (one URL twice in embedded mode). */
export interface Topology {
  apiUrl: string;
  gatewayUrls: [string, string];
  jwtSecret: string;
  /** Settings the scenarios rely on. */
  callTimeoutMs: number;
  reconnectGraceMs: number;
}

/** Small limits, so the file scenarios reach them quickly: a pair holds 8 files or two of the largest; all pairs six of those. */
export const FILE_SETTINGS = {
  FILE_MAX_BYTES: '65536',
  RATE_LIMIT_FILE_UPLOAD: '5/1m',
  FILE_MAX_PER_PAIR: '8',
  FILE_PAIR_MAX_BYTES: '131072',
  FILE_TOTAL_MAX_BYTES: '393216',
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
  STUN_URLS: 'stun:stun.test.invalid:3478',
  TURN_URLS: 'turn:turn.test.invalid:3478,turns:turn.test.invalid:5349',
  TURN_SECRET: 'turn-test-secret-0123456789',
  /** Longer than a session lives, so the credential's life is capped by the session's. */
  TURN_CREDENTIAL_TTL_SECONDS: '86400',
} as const;

/** Where the scenarios reach an app started with TEST_SETTINGS: its REST API, and the two gateways guests alternate between. */
export function testTopology(apiUrl: string, gatewayUrls: [string, string]): Topology {
  return {
    apiUrl,
    gatewayUrls,
    jwtSecret: TEST_SETTINGS.JWT_SECRET,
    callTimeoutMs: Number(TEST_SETTINGS.CALL_TIMEOUT_MS),
    reconnectGraceMs: Number(TEST_SETTINGS.RECONNECT_GRACE_MS),
  };
}
