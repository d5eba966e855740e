import type { Redis } from 'ioredis';
import { FILE_SETTINGS, TEST_SETTINGS } from '../socket/topology.js';
import { INSPECT_OPTIONS } from '../support/inspector.js';

/** Where the security scenarios reach the system, embedded or distributed. */
export interface SecurityTopology {
  apiUrl: string;
  /** One URL twice in embedded mode. */
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
}

/**
 * Tight limits so each one is reached in a few events, the most verbose logging, a trusted proxy hop
 * (each test guest comes from an X-Forwarded-For address of its own), one allowed foreign origin, no
 * re-match cool-down (so only blocks keep two guests apart), and a ban after reports from two networks.
 */
export const SECURITY_SETTINGS: Record<string, string> = {
  ...withoutFileSettings(TEST_SETTINGS),
  NODE_OPTIONS: INSPECT_OPTIONS,
  LOG_LEVEL: 'trace',
  TRUST_PROXY: '1',
  CORS_ORIGINS: 'http://allowed.example',
  REMATCH_COOLDOWN_MS: '0',
  RATE_LIMIT_SESSION_CREATE: '5/1m',
  RATE_LIMIT_MATCH: '8/1m',
  RATE_LIMIT_CHAT: '10/1m',
  RATE_LIMIT_TYPING: '10/1m',
  RATE_LIMIT_SIGNALING: '10/1m',
  RATE_LIMIT_ICE: '20/1m',
  RATE_LIMIT_STRIKES: '30/1m',
  REPORT_BAN_THRESHOLD: '2',
  REPORT_WINDOW_SECONDS: '600',
  BAN_DURATION_SECONDS: '600',
};

/** The file limits at their defaults (5 MB files): the download scenarios measure what large files cost. */
function withoutFileSettings(settings: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).filter(([name]) => !(name in FILE_SETTINGS)));
}
