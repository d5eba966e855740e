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
}

export interface TransceiverLike {
  readonly sender: RtpSenderLike;
}

export interface PeerConnectionLike {
  readonly signalingState: SignalingStateLike;
  readonly iceConnectionState: IceConnectionStateLike;
  readonly localDescription: SessionDescription | null;
  readonly remoteDescription: SessionDescription | null;
  setLocalDescription(description?: SessionDescription): Promise<void>;
  setRemoteDescription(description: SessionDescription): Promise<void>;
  addIceCandidate(candidate: IceCandidateInit): Promise<void>;
  addTrack(track: MediaStreamTrackLike, stream: MediaStreamLike): unknown;
  addTransceiver(kind: 'audio' | 'video', init: { direction: 'sendrecv' | 'recvonly'; streams?: MediaStreamLike[] }): TransceiverLike;
  restartIce(): void;
  getStats(): Promise<StatsReportLike>;
  close(): void;
  onnegotiationneeded: (() => void) | null;
  onicecandidate: ((event: { candidate: IceCandidateLike | null }) => void) | null;
  oniceconnectionstatechange: (() => void) | null;
  ontrack: ((event: TrackEventLike) => void) | null;
}

export type PeerConnectionFactory = (config: { iceServers: IceServerLike[] }) => PeerConnectionLike;

/** `new MediaStream()`: an empty stream, so the offer can name the stream its tracks will belong to. */
export type MediaStreamFactory = () => MediaStreamLike;

/** Timers behind an interface so tests drive time by hand. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
