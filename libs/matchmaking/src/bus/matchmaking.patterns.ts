/** Message patterns of the matchmaking service on the bus. */
export const MatchmakingPatterns = {
  /** Joins go in batches: `{requests: JoinRequest[]}` → one JoinOutcome per request. */
  JoinMany: 'matchmaking.join-many',
  Leave: 'matchmaking.leave',
  Next: 'matchmaking.next',
  Connected: 'matchmaking.connected',
  Disconnected: 'matchmaking.disconnected',
  SessionEnded: 'matchmaking.session-ended',
  Report: 'matchmaking.report',
  Block: 'matchmaking.block',
  Stats: 'matchmaking.stats',
  Ping: 'matchmaking.ping',
} as const;

/** DI token of the matchmaking service's bus client (StreamsBusClient). */
export const MATCHMAKING_BUS = Symbol('MATCHMAKING_BUS');
