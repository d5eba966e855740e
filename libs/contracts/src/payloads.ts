import type { ErrorCode } from './error-codes.js';
import type { PartnerView } from './guest.js';

/** Minimal structural copies of the DOM types, so the backend needs no DOM lib. */
export interface SessionDescription {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp?: string;
}
export interface IceCandidateInit {
  candidate?: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}
export type CallType = 'audio' | 'video';

/**
 * How a guest wants to talk. `video`: the camera is on from the start; two video-mode guests are matched with each
 * other first, and their call starts by itself on match. `text`: chat first, calls offered by either side.
 */
export const ChatModes = ['video', 'text'] as const;
export type ChatMode = (typeof ChatModes)[number];

// Client → server
export interface JoinPayload {
  interests?: string[];
  /** @default 'text' (or the mode of this socket's previous join) */
  mode?: ChatMode;
}
export interface ChatMessagePayload {
  text: string;
}
export interface ChatTypingPayload {
  typing: boolean;
}
/**
 * Names one call, chosen by its caller and carried by every offer and answer of it (renegotiations too), so a
 * description of an earlier call is never taken for a new one. Optional on the wire: older clients send none.
 */
export type CallId = string;
export interface OfferPayload {
  offer: SessionDescription;
  type: CallType;
  callId?: CallId;
}
export interface AnswerPayload {
  answer: SessionDescription;
  callId?: CallId;
}
export interface IceCandidatePayload {
  candidate: IceCandidateInit;
}
export type EmptyPayload = Record<string, never>;
export interface TokenRefreshPayload {
  token: string;
}
/** Why a guest reports its partner; a fixed list, so nothing free-form is stored. */
export const ReportReasons = ['spam', 'harassment', 'nudity', 'underage', 'hate', 'other'] as const;
export type ReportReason = (typeof ReportReasons)[number];
export interface ReportPayload {
  reason: ReportReason;
}

/** Added by the server to everything relayed from the partner. */
export interface FromPartner {
  from: string;
  fromUsername: string;
}

// Server → client
export interface MatchFoundPayload {
  partner: PartnerView;
  /** The initiator is the impolite peer in perfect negotiation. */
  initiator: boolean;
  pairId: string;
  /** True when an existing pairing was restored after a reconnect. */
  restored?: boolean;
  /** The interests both guests gave (empty when the match fell back to anyone); absent on a restored pairing. */
  sharedInterests?: string[];
}
export type MatchEndReason =
  | 'partner-next'
  | 'partner-left'
  | 'partner-disconnected'
  | 'next'
  | 'left'
  | 'session-ended'
  /** To the guest who reported or blocked its partner (the partner is told `partner-left`). */
  | 'reported'
  | 'blocked';
export interface MatchEndedPayload {
  reason: MatchEndReason;
}
export interface ChatMessageEvent extends FromPartner {
  id: string;
  text: string;
  timestamp: number;
}
export interface ChatFileEvent extends FromPartner {
  fileId: string;
  name: string;
  size: number;
  mime: string;
}
/** `POST /api/files` → 201: what was stored (the name made safe, the type as detected from the bytes). */
export interface FileUploadResponse {
  fileId: string;
  name: string;
  size: number;
  mime: string;
}
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** The client event that caused it, when there is one. */
  event?: string;
}
export interface PresenceStats {
  online: number;
  searching: number;
}
export interface ReconnectPayload {
  reason: 'shutdown';
}
