import { InjectionToken } from '@angular/core';
import type { MediaDevicesLike, MediaStreamFactory, PeerConnectionFactory, RtpCodecLike, Timers, VideoCodecCapabilities } from '../call/logic/rtc-types';

/** Browser APIs behind tokens (adev's pattern) so services can be tested with fakes. */
export const WINDOW = new InjectionToken<Window>('WINDOW', { factory: () => window });

export const LOCAL_STORAGE = new InjectionToken<Storage | null>('LOCAL_STORAGE', {
  factory: () => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  },
});

export const SESSION_STORAGE = new InjectionToken<Storage | null>('SESSION_STORAGE', {
  factory: () => {
    try {
      return window.sessionStorage;
    } catch {
      return null;
    }
  },
});

export const MEDIA_DEVICES = new InjectionToken<MediaDevicesLike | null>('MEDIA_DEVICES', {
  factory: () => (navigator.mediaDevices as unknown as MediaDevicesLike | undefined) ?? null,
});

export const PEER_CONNECTION_FACTORY = new InjectionToken<PeerConnectionFactory>('PEER_CONNECTION_FACTORY', {
  // The one cast between the DOM type and the structural type the call logic uses.
  factory: () => (config) => new RTCPeerConnection(config) as unknown as ReturnType<PeerConnectionFactory>,
});

export const MEDIA_STREAM_FACTORY = new InjectionToken<MediaStreamFactory>('MEDIA_STREAM_FACTORY', {
  factory: () => () => new MediaStream() as unknown as ReturnType<MediaStreamFactory>,
});

export const VIDEO_CODEC_CAPABILITIES = new InjectionToken<VideoCodecCapabilities>('VIDEO_CODEC_CAPABILITIES', {
  factory: () => () => (typeof RTCRtpReceiver === 'undefined' ? null : ((RTCRtpReceiver.getCapabilities('video')?.codecs as RtpCodecLike[] | undefined) ?? null)),
});

export const TIMERS = new InjectionToken<Timers>('TIMERS', {
  factory: () => ({
    setTimeout: (callback: () => void, ms: number) => window.setTimeout(callback, ms),
    clearTimeout: (handle: unknown) => window.clearTimeout(handle as number),
  }),
});

export const FETCH = new InjectionToken<typeof fetch>('FETCH', { factory: () => window.fetch.bind(window) });
