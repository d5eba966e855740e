import { randomBytes } from 'node:crypto';
import { startApp, stopAll } from './procs.mjs';

/**
 * Settings every bench stack shares: a long interest fallback (the relay pairs by a unique interest), and
 * rate limits far above the load (every client comes from 127.0.0.1): the checks still run on every
 * event, they just never refuse, so the figures measure capacity, not the abuse limits.
 */
const NEVER_REFUSE = '1000000/1s';
const BENCH_ENV = {
  INTEREST_FALLBACK_MS: '600000',
  NODE_ENV: 'production',
  ...Object.fromEntries(['SESSION_CREATE', 'MATCH', 'HANDSHAKE', 'HANDSHAKE_ADDRESS', 'CHAT', 'TYPING', 'SIGNALING', 'ICE', 'STRIKES', 'FILE_UPLOAD'].map((name) => [`RATE_LIMIT_${name}`, NEVER_REFUSE])),
};

/**
 * The distributed topology as real processes: session, matchmaking and `gateways` gateways on one Redis,
 * under a fresh key prefix.
 */
export async function startDistributed(redisUrl, { gateways = 2, label = 'dist', env = {}, nodeArgs = {} } = {}) {
  const shared = {
    ...BENCH_ENV,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `bench${randomBytes(3).toString('hex')}:`,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ...env,
  };
  const procs = [];
  try {
    procs.push(await startApp('session', `${label}-session`, shared));
    procs.push(await startApp('matchmaking', `${label}-matchmaking`, shared));
    for (let i = 1; i <= gateways; i++) procs.push(await startApp('gateway', `${label}-gateway-${i}`, shared, { nodeArgs: nodeArgs.gateway }));
  } catch (error) {
    await stopAll(procs);
    throw error;
  }
  return {
    procs,
    apiUrl: procs[0].url,
    gatewayUrls: procs.slice(2).map((p) => p.url),
    gateways: procs.slice(2),
    stop: () => stopAll(procs),
  };
}

/** The embedded mode: one process, in-memory everything. */
export async function startEmbedded({ label = 'embedded', env = {} } = {}) {
  const proc = await startApp('all-in-one', label, { ...BENCH_ENV, ...env });
  return { procs: [proc], apiUrl: proc.url, gatewayUrls: [proc.url], stop: () => proc.stop() };
}
