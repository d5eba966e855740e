/** Size limits of the wire protocol, shared so the web app can check before sending. */
export const WireLimits = {
  chatTextMaxChars: 2000,
  sdpMaxBytes: 16 * 1024,
  candidateMaxBytes: 1024,
  interestsMax: 10,
  interestMaxChars: 32,
  usernameMaxChars: 32,
  deviceIdMaxChars: 128,
  /** Socket.IO `maxHttpBufferSize`: a larger frame is dropped before any handler. */
  socketFrameMaxBytes: 64 * 1024,
} as const;

export const HttpRoutes = {
  sessions: '/api/sessions',
  sessionsRefresh: '/api/sessions/refresh',
  sessionsMe: '/api/sessions/me',
  iceConfig: '/api/config/ice',
  files: '/api/files',
} as const;
