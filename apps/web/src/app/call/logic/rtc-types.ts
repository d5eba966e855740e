/**
 * Structural subsets of the WebRTC DOM types the call logic uses.
 * The logic is framework- and DOM-free so it runs under plain jest/node with fakes;
 * the browser adapter (../browser-rtc.ts) hands it the real objects.
 */
import type { CallType, IceCandidateInit, SessionDescription } from '@rendezvous/contracts';

export type { CallType, IceCandidateInit, SessionDescription };

export type SignalingStateLike = 'stable' | 'have-local-offer' | 'have-remote-offer' | 'have-local-pranswer' | 'have-remote-pranswer' | 'closed';
export type IceConnectionStateLike = 'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed';

export interface MediaStreamTrackLike {
  readonly kind: string;
  enabled: boolean;
  stop(): void;
}

export interface MediaStreamLike {
  getTracks(): MediaStreamTrackLike[];
  getAudioTracks(): MediaStreamTrackLike[];
  getVideoTracks(): MediaStreamTrackLike[];
}

export interface MediaDevicesLike {
  getUserMedia(constraints: { audio: boolean; video: boolean }): Promise<MediaStreamLike>;
}

export interface IceCandidateLike {
  toJSON(): IceCandidateInit;
}

export interface TrackEventLike {
  readonly track: MediaStreamTrackLike;
  readonly streams: readonly MediaStreamLike[];
}

/** One entry of an RTCStatsReport, loosely typed: the fields differ per `type`. */
export interface StatsEntryLike {
  readonly type: string;
  readonly id: string;
  readonly timestamp: number;
  readonly [field: string]: unknown;
}

export interface StatsReportLike {
  forEach(callback: (entry: StatsEntryLike) => void): void;
}

export interface IceServerLike {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface RtpSenderLike {
  replaceTrack(track: MediaStreamTrackLike | null): Promise<void>;
  /** Names the stream the partner's `track` event carries (the msid), without a track yet. */
  setStreams(...streams: MediaStreamLike[]): void;
}

export interface RtpReceiverLike {
  readonly track: { readonly kind: string };
}

/** One entry of `RTCRtpReceiver.getCapabilities(kind).codecs`. */
export interface RtpCodecLike {
  readonly mimeType: string;
  readonly clockRate: number;
  readonly channels?: number;
  readonly sdpFmtpLine?: string;
}

export type TransceiverDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' | 'stopped';

export interface TransceiverLike {
  /** Null until the transceiver belongs to a negotiated media section. */
  readonly mid: string | null;
  readonly sender: RtpSenderLike;
  readonly receiver: RtpReceiverLike;
  direction: TransceiverDirection;
  setCodecPreferences(codecs: RtpCodecLike[]): void;
}

export interface PeerConnectionLike {
  readonly signalingState: SignalingStateLike;
  readonly iceConnectionState: IceConnectionStateLike;
  readonly localDescription: SessionDescription | null;
  readonly remoteDescription: SessionDescription | null;
  setLocalDescription(description?: SessionDescription): Promise<void>;
  setRemoteDescription(description: SessionDescription): Promise<void>;
  addIceCandidate(candidate: IceCandidateInit): Promise<void>;
  addTransceiver(kind: 'audio' | 'video', init: { direction: 'sendrecv' | 'recvonly'; streams?: MediaStreamLike[] }): TransceiverLike;
  getTransceivers(): TransceiverLike[];
  restartIce(): void;
  getStats(): Promise<StatsReportLike>;
  close(): void;
  onnegotiationneeded: (() => void) | null;
  onicecandidate: ((event: { candidate: IceCandidateLike | null }) => void) | null;
  oniceconnectionstatechange: (() => void) | null;
  ontrack: ((event: TrackEventLike) => void) | null;
}

export type PeerConnectionFactory = (config: { iceServers: IceServerLike[]; iceTransportPolicy?: 'all' | 'relay' }) => PeerConnectionLike;

/** `new MediaStream()`: an empty stream, so the offer can name the stream its tracks will belong to. */
export type MediaStreamFactory = () => MediaStreamLike;

/** The video codecs this browser can receive (`RTCRtpReceiver.getCapabilities('video')?.codecs`), or null. */
export type VideoCodecCapabilities = () => readonly RtpCodecLike[] | null;

/** Timers behind an interface so tests drive time by hand. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
