import type { Redis } from 'ioredis';
import { FILE_SETTINGS, TEST_SETTINGS } from '../socket/topology.js';
import { INSPECT_OPTIONS } from '../support/inspector.js';

/** Where the security scenarios reach the system, embedded or distributed. */
export interface SecurityTopology {
  /** Where browsers would go: the embedded app, or nginx in front of the distributed apps. */
  apiUrl: string;
  /** Two ways in that land on different gateways (one URL twice in embedded mode). */
  gatewayUrls: [string, string];
  jwtSecret: string;
  /** Every line every backend process has written since it started. */
  logs(): string;
  /** Distributed mode: the Redis the processes use, and their key prefix. */
  redis?: { client: Redis; prefix: string };
  /** Every process that serves /metrics and counts refusals (session API and gateways). */
  metricsUrls: string[];
  /** Inspector URL of the process that serves `/api/files` (its memory is measured). */
  sessionInspector(): string;
  /** nginx's access log, where a proxy writes one. */
  accessLog?: string;
  /** An origin listed in CORS_ORIGINS, where the deployment lists one (embedded); the distributed mode runs with none. */
  listedOrigin?: string;
}

/**
 * What both modes run with. Left at their production defaults: CORS_ORIGINS (none: the page's own origin
 * only), TRUST_PROXY (embedded: none; distributed: the one nginx hop), the session and handshake limits per
 * address — each test guest connects from a loopback network of its own (test/support/loopback.ts), a real
 * other client. Tightened, so each is reached in a few events: the per-guest match and relay limits, and
 * the strikes. Also: the most verbose logging, no re-match cool-down (so only blocks keep two guests
 * apart), bans after reports from two networks, file limits at their defaults (5 MB files), and the
 * inspector open (the download scenario measures memory).
 */
export const SECURITY_SETTINGS: Record<string, string> = {
  ...withoutFileSettings(TEST_SETTINGS),
  NODE_OPTIONS: INSPECT_OPTIONS,
  LOG_LEVEL: 'trace',
  REMATCH_COOLDOWN_MS: '0',
  RATE_LIMIT_MATCH: '8/1m',
  RATE_LIMIT_CHAT: '10/1m',
  RATE_LIMIT_TYPING: '10/1m',
  RATE_LIMIT_SIGNALING: '10/1m',
  RATE_LIMIT_ICE: '20/1m',
  RATE_LIMIT_STRIKES: '30/1m',
  REPORT_BAN_THRESHOLD: '2',
  REPORT_WINDOW_SECONDS: '600',
  BAN_DURATION_SECONDS: '600',
  ADDRESS_BAN_SECONDS: '120',
  // Every test session is seconds old: without this each report would weigh half. The weighting by age
  // and standing is proven by the MatchmakingClient contract.
  REPORT_TRUSTED_AGE_SECONDS: '0',
};

/** The file limits at their defaults (5 MB files): the download scenarios measure what large files cost. */
function withoutFileSettings(settings: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).filter(([name]) => !(name in FILE_SETTINGS)));
}
