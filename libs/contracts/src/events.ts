/** Socket.IO event names: the one list both the gateway and the web app use. */
export const ClientEvents = {
  MatchJoin: 'match:join',
  MatchLeave: 'match:leave',
  MatchNext: 'match:next',
  ChatMessage: 'chat:message',
  ChatTyping: 'chat:typing',
  Offer: 'webrtc:offer',
  Answer: 'webrtc:answer',
  IceCandidate: 'webrtc:ice-candidate',
  CallEnd: 'webrtc:call-end',
  CallReject: 'webrtc:call-reject',
  TokenRefresh: 'session:token',
  /** Reports the current partner (ends the pairing; never matched again; counts towards a ban). */
  MatchReport: 'match:report',
  /** Blocks the current partner (ends the pairing; never matched again). */
  MatchBlock: 'match:block',
} as const;

export const ServerEvents = {
  MatchSearching: 'match:searching',
  MatchFound: 'match:found',
  MatchEnded: 'match:ended',
  PartnerReconnecting: 'match:partner-reconnecting',
  PartnerReconnected: 'match:partner-reconnected',
  ChatMessage: 'chat:message',
  ChatTyping: 'chat:typing',
  ChatFile: 'chat:file',
  Offer: 'webrtc:offer',
  Answer: 'webrtc:answer',
  IceCandidate: 'webrtc:ice-candidate',
  CallEnd: 'webrtc:call-end',
  CallReject: 'webrtc:call-reject',
  CallTimeout: 'webrtc:call-timeout',
  Error: 'webrtc:error',
  PresenceStats: 'presence:stats',
  Reconnect: 'server:reconnect',
} as const;

export type ClientEventName = (typeof ClientEvents)[keyof typeof ClientEvents];
export type ServerEventName = (typeof ServerEvents)[keyof typeof ServerEvents];

/** Events relayed verbatim (after validation) from a guest to its current partner. */
export const RelayedEvents = [
  ClientEvents.Offer,
  ClientEvents.Answer,
  ClientEvents.IceCandidate,
  ClientEvents.CallEnd,
  ClientEvents.CallReject,
  ClientEvents.ChatMessage,
  ClientEvents.ChatTyping,
] as const;
export type RelayedEventName = (typeof RelayedEvents)[number];
