/** ioredis's ways of saying the server cannot be reached right now (as opposed to a command error). */
const UNAVAILABLE_NAMES = new Set(['MaxRetriesPerRequestError']);
const UNAVAILABLE_MESSAGES = /^(Connection is closed|Command timed out|Stream isn't writeable)/;
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/** True for an error that means "Redis is away; try again", so callers can answer 503 / SERVICE_UNAVAILABLE. */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return UNAVAILABLE_NAMES.has(error.name) || UNAVAILABLE_MESSAGES.test(error.message) || (code !== undefined && UNAVAILABLE_CODES.has(code));
}
