import { describe, expect, it } from '@jest/globals';
import { preferredVideoCodecs } from './codec-preferences.js';

const codec = (mimeType: string, sdpFmtpLine?: string) => ({ mimeType, clockRate: 90_000, ...(sdpFmtpLine ? { sdpFmtpLine } : {}) });

describe('preferredVideoCodecs', () => {
  it('puts VP8 first and H.264 second, ahead of codecs a browser lists before them', () => {
    const firefoxLike = [codec('video/VP9'), codec('video/AV1'), codec('video/H264', 'profile-level-id=42e01f'), codec('video/rtx'), codec('video/VP8'), codec('video/ulpfec')];
    expect(preferredVideoCodecs(firefoxLike).map((c) => c.mimeType)).toEqual(['video/VP8', 'video/H264', 'video/VP9', 'video/AV1', 'video/rtx', 'video/ulpfec']);
  });

  it('keeps every codec, and the browser order among the H.264 profiles', () => {
    const chromiumLike = [
      codec('video/AV1'),
      codec('video/H264', 'packetization-mode=1;profile-level-id=42001f'),
      codec('video/VP8'),
      codec('video/H264', 'packetization-mode=0;profile-level-id=42e01f'),
      codec('video/red'),
    ];
    const ordered = preferredVideoCodecs(chromiumLike);
    expect(ordered).toHaveLength(chromiumLike.length);
    expect(ordered.map((c) => c.sdpFmtpLine ?? c.mimeType)).toEqual([
      'video/VP8',
      'packetization-mode=1;profile-level-id=42001f',
      'packetization-mode=0;profile-level-id=42e01f',
      'video/AV1',
      'video/red',
    ]);
  });

  it('leaves a browser without H.264 with VP8 first and nothing invented', () => {
    expect(preferredVideoCodecs([codec('video/VP9'), codec('video/vp8')]).map((c) => c.mimeType)).toEqual(['video/vp8', 'video/VP9']);
  });
});
