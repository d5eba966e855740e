import { RELAXED_LIMITS } from './distributed-cluster.js';

/**
 * Environment of every app the fault and fuzz harnesses start, as processes or in-process: the one place
 * to add what those runs need (e.g. rate limits raised far above what a leak or fuzz run sends).
 * Each test adds only the settings its scenario is about.
 */
export const HARNESS_APP_ENV: Readonly<Record<string, string>> = {
  ...RELAXED_LIMITS,
  JWT_SECRET: 'harness-secret-harness-secret-0123456789',
  LOG_LEVEL: 'warn',
};
