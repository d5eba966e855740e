/** Message patterns of the session service on the bus. */
export const SessionPatterns = {
  Authenticate: 'session.authenticate',
  Touch: 'session.touch',
  Ping: 'session.ping',
} as const;

/** DI token of the session service's bus client (StreamsBusClient). */
export const SESSION_BUS = Symbol('SESSION_BUS');
