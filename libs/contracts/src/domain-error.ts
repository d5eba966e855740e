import type { ErrorCode } from './error-codes.js';

/** A failure the caller can act on; carried over the bus and to clients as `{code, message}`. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For RATE_LIMITED: seconds until a retry can succeed (HTTP sends it as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}
