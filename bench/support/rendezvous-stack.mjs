import { randomBytes } from 'node:crypto';
import { startApp, stopAll } from './procs.mjs';

/** Settings every bench stack shares: a long interest fallback (the relay pairs by a unique interest). */
const BENCH_ENV = { INTEREST_FALLBACK_MS: '600000', NODE_ENV: 'production' };

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
