import { preferredVideoCodecs } from './codec-preferences.js';
import type { CallType, MediaStreamLike, PeerConnectionLike, TransceiverLike, VideoCodecCapabilities } from './rtc-types.js';

/** Where a call's tracks go: one transceiver per kind ('audio', 'video'). */
export type Senders = Map<string, TransceiverLike>;

/** VP8 and H.264 first (see codec-preferences.ts); a browser that refuses the list keeps its own order. */
function preferCodecs(transceiver: TransceiverLike, videoCodecs: VideoCodecCapabilities | undefined): void {
  const capabilities = videoCodecs?.();
  if (!capabilities?.length) return;
  try {
    transceiver.setCodecPreferences(preferredVideoCodecs(capabilities));
  } catch {
    // InvalidModificationError: the browser's default codec order stays.
  }
}

/**
 * The caller's transceivers, sending and receiving, in `stream` (so the partner's `track` event has a stream),
 * before any track exists. Without a camera or microphone they simply send nothing.
 */
export function addSendingTransceivers(pc: PeerConnectionLike, type: CallType, stream: MediaStreamLike, videoCodecs?: VideoCodecCapabilities): Senders {
  const kinds: ('audio' | 'video')[] = type === 'video' ? ['audio', 'video'] : ['audio'];
  return new Map(
    kinds.map((kind) => {
      const transceiver = pc.addTransceiver(kind, { direction: 'sendrecv', streams: [stream] });
      if (kind === 'video') preferCodecs(transceiver, videoCodecs);
      return [kind, transceiver];
    }),
  );
}

/**
 * The answerer's side: turns the transceivers made by the partner's offer into ours (call after
 * setRemoteDescription, before the answer): sending too, named after `stream`, with our codec order.
 * Tracks follow with replaceTrack, no new offer.
 */
export function takeOfferedTransceivers(pc: PeerConnectionLike, stream: MediaStreamLike, videoCodecs?: VideoCodecCapabilities): Senders {
  const byKind: Senders = new Map();
  for (const transceiver of pc.getTransceivers()) {
    const kind = transceiver.receiver.track.kind;
    if (transceiver.mid === null || transceiver.direction === 'stopped' || byKind.has(kind)) continue;
    transceiver.direction = 'sendrecv';
    transceiver.sender.setStreams(stream);
    if (kind === 'video') preferCodecs(transceiver, videoCodecs);
    byKind.set(kind, transceiver);
  }
  return byKind;
}
