import type { ClientEvents, ServerEvents } from './events.js';
import type {
  AnswerPayload,
  ChatFileEvent,
  ChatMessageEvent,
  ChatMessagePayload,
  ChatTypingPayload,
  EmptyPayload,
  ErrorPayload,
  FromPartner,
  IceCandidatePayload,
  JoinPayload,
  MatchEndedPayload,
  MatchFoundPayload,
  OfferPayload,
  PresenceStats,
  ReconnectPayload,
  ReportPayload,
  TokenRefreshPayload,
} from './payloads.js';

/** Typed Socket.IO maps: `Server<ClientToServerEvents, ServerToClientEvents>` on both ends. */
export interface ClientToServerEvents {
  [ClientEvents.MatchJoin]: (payload?: JoinPayload) => void;
  [ClientEvents.MatchLeave]: (payload?: EmptyPayload) => void;
  [ClientEvents.MatchNext]: (payload?: EmptyPayload) => void;
  [ClientEvents.ChatMessage]: (payload: ChatMessagePayload) => void;
  [ClientEvents.ChatTyping]: (payload: ChatTypingPayload) => void;
  [ClientEvents.Offer]: (payload: OfferPayload) => void;
  [ClientEvents.Answer]: (payload: AnswerPayload) => void;
  [ClientEvents.IceCandidate]: (payload: IceCandidatePayload) => void;
  [ClientEvents.CallEnd]: (payload?: EmptyPayload) => void;
  [ClientEvents.CallReject]: (payload?: EmptyPayload) => void;
  [ClientEvents.TokenRefresh]: (payload: TokenRefreshPayload) => void;
  [ClientEvents.MatchReport]: (payload: ReportPayload) => void;
  [ClientEvents.MatchBlock]: (payload?: EmptyPayload) => void;
}

export interface ServerToClientEvents {
  [ServerEvents.MatchSearching]: (payload: EmptyPayload) => void;
  [ServerEvents.MatchFound]: (payload: MatchFoundPayload) => void;
  [ServerEvents.MatchEnded]: (payload: MatchEndedPayload) => void;
  [ServerEvents.PartnerReconnecting]: (payload: { graceMs: number }) => void;
  [ServerEvents.PartnerReconnected]: (payload: EmptyPayload) => void;
  [ServerEvents.ChatMessage]: (payload: ChatMessageEvent) => void;
  [ServerEvents.ChatTyping]: (payload: ChatTypingPayload & FromPartner) => void;
  [ServerEvents.ChatFile]: (payload: ChatFileEvent) => void;
  [ServerEvents.Offer]: (payload: OfferPayload & FromPartner) => void;
  [ServerEvents.Answer]: (payload: AnswerPayload & FromPartner) => void;
  [ServerEvents.IceCandidate]: (payload: IceCandidatePayload & FromPartner) => void;
  [ServerEvents.CallEnd]: (payload: FromPartner) => void;
  [ServerEvents.CallReject]: (payload: FromPartner) => void;
  [ServerEvents.CallTimeout]: (payload: FromPartner) => void;
  [ServerEvents.Error]: (payload: ErrorPayload) => void;
  [ServerEvents.PresenceStats]: (payload: PresenceStats) => void;
  [ServerEvents.Reconnect]: (payload: ReconnectPayload) => void;
}
