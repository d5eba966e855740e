import type { RtpCodecLike } from './rtc-types.js';

/** Media codecs first in the order we want them used; every other codec keeps the browser's order after them. */
const PREFERRED_VIDEO = ['video/vp8', 'video/h264'];

const rank = (codec: RtpCodecLike): number => {
  const index = PREFERRED_VIDEO.indexOf(codec.mimeType.toLowerCase());
  return index === -1 ? PREFERRED_VIDEO.length : index;
};

/**
 * The video codecs to offer, most wanted first: VP8 (every WebRTC browser has it in software), then H.264
 * (Safari's and most phones' hardware codec), then whatever else the browser has (VP9, AV1, and the
 * rtx/red/ulpfec entries that retransmission and FEC need). Nothing is dropped, so a peer that has neither
 * still finds a common codec. A stable sort keeps each browser's order among H.264 profiles.
 */
export function preferredVideoCodecs(capabilities: readonly RtpCodecLike[]): RtpCodecLike[] {
  return capabilities.map((codec, index) => ({ codec, index })).sort((a, b) => rank(a.codec) - rank(b.codec) || a.index - b.index).map(({ codec }) => codec);
}
