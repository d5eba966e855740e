import type { CallType, MediaDevicesLike, MediaStreamLike } from './rtc-types.js';

export interface AcquiredMedia {
  stream: MediaStreamLike | null;
  hasAudio: boolean;
  hasVideo: boolean;
  /** Set when the person gets less than asked for; shown as-is. */
  notice: string | null;
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
}

function reasonWords(error: unknown, device: string): string {
  const name = errorName(error);
  if (name === 'NotAllowedError' || name === 'SecurityError') return `Permission to use the ${device} was denied`;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return `No ${device} was found`;
  if (name === 'NotReadableError') return `The ${device} is in use by another application`;
  return `The ${device} could not be started`;
}

/**
 * Gets the camera and microphone, degrading step by step: video call → audio only →
 * receive only. Text chat never depends on it.
 */
export async function acquireMedia(devices: MediaDevicesLike | null, type: CallType): Promise<AcquiredMedia> {
  if (!devices) {
    return { stream: null, hasAudio: false, hasVideo: false, notice: 'This browser cannot use a camera or microphone here. You can still see and hear your partner, and chat.' };
  }
  let videoError: unknown = null;
  if (type === 'video') {
    try {
      const stream = await devices.getUserMedia({ audio: true, video: true });
      return { stream, hasAudio: stream.getAudioTracks().length > 0, hasVideo: stream.getVideoTracks().length > 0, notice: null };
    } catch (error) {
      videoError = error;
    }
  }
  try {
    const stream = await devices.getUserMedia({ audio: true, video: false });
    const notice = videoError ? `${reasonWords(videoError, 'camera')}: continuing with audio only.` : null;
    return { stream, hasAudio: true, hasVideo: false, notice };
  } catch (error) {
    return {
      stream: null,
      hasAudio: false,
      hasVideo: false,
      notice: `${reasonWords(error, 'microphone')}: your partner will not hear or see you, but you can still see and hear them, and chat.`,
    };
  }
}

export function stopStream(stream: MediaStreamLike | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}
