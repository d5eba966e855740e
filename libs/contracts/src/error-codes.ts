/** Codes carried by `webrtc:error {code, message}`. */
export const ErrorCodes = {
  Unauthorized: 'UNAUTHORIZED',
  TokenExpired: 'TOKEN_EXPIRED',
  NotConnected: 'NOT_CONNECTED',
  PartnerUnavailable: 'PARTNER_UNAVAILABLE',
  InvalidPayload: 'INVALID_PAYLOAD',
  RateLimited: 'RATE_LIMITED',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  Banned: 'BANNED',
  NotFound: 'NOT_FOUND',
  FileTooLarge: 'FILE_TOO_LARGE',
  UnsupportedFileType: 'UNSUPPORTED_FILE_TYPE',
  /** The pair already holds as many shared files (or bytes) as one chat may. */
  FileLimitReached: 'FILE_LIMIT_REACHED',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Messages of the Socket.IO `connect_error` the handshake fails with. */
export const ConnectErrors = {
  Unauthorized: 'Unauthorized',
  TokenExpired: 'Token has expired',
  /** The gateway is shutting down; reconnect (the load balancer picks another one). */
  Restarting: 'Server is restarting',
  /** Too many handshakes from this guest or network; `data.retryAfterSeconds` says when to try again. */
  RateLimited: 'Too many connections',
} as const;
