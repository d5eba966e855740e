/** Size limits of the wire protocol, shared so the web app can check before sending. */
export const WireLimits = {
  chatTextMaxChars: 2000,
  sdpMaxBytes: 16 * 1024,
  candidateMaxBytes: 1024,
  interestsMax: 10,
  interestMaxChars: 32,
  usernameMaxChars: 32,
  deviceIdMaxChars: 128,
  /** A call id: letters, digits, `-` and `_` (a UUID or 32 hex digits fit). */
  callIdMaxChars: 64,
  /** Socket.IO `maxHttpBufferSize`: a larger frame is dropped before any handler. */
  socketFrameMaxBytes: 64 * 1024,
} as const;

/** What a call id may look like (`callId` of webrtc:offer / webrtc:answer). */
export const callIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Shared files: the types accepted (recognised by their bytes) and the server's default size cap. */
export const FileLimits = {
  /** FILE_MAX_BYTES default. */
  defaultMaxBytes: 5 * 1024 * 1024,
  /** Multipart field of `POST /api/files`. */
  field: 'file',
  /** Longest file name kept (in characters); longer ones are cut, keeping the extension. */
  nameMaxChars: 120,
  allowedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
  /** Shown inline in the chat. */
  previewTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
} as const;
export type AllowedFileType = (typeof FileLimits.allowedTypes)[number];

export const HttpRoutes = {
  sessions: '/api/sessions',
  sessionsRefresh: '/api/sessions/refresh',
  sessionsMe: '/api/sessions/me',
  iceConfig: '/api/config/ice',
  files: '/api/files',
} as const;
