import type { CallQuality } from './call-quality.js';
import type { CallState } from './call-state-machine.js';
import type { IceConnectionStateLike, MediaStreamLike } from './rtc-types.js';

export interface CallSnapshot {
  readonly state: CallState;
  readonly localStream: MediaStreamLike | null;
  readonly remoteStream: MediaStreamLike | null;
  readonly muted: boolean;
  readonly cameraOff: boolean;
  readonly hasLocalVideo: boolean;
  readonly mediaNotice: string | null;
  readonly endMessage: string | null;
  readonly iceState: IceConnectionStateLike | null;
  readonly restartingIce: boolean;
  /** When the incoming call stops ringing (ms since epoch), for the countdown. */
  readonly ringingUntil: number | null;
  readonly quality: CallQuality | null;
}

/** The snapshot of a call that holds nothing: no streams, no quality, only the state and messages. */
export function emptySnapshot(state: CallState): CallSnapshot {
  return {
    state,
    localStream: null,
    remoteStream: null,
    muted: false,
    cameraOff: false,
    hasLocalVideo: false,
    mediaNotice: null,
    endMessage: null,
    iceState: null,
    restartingIce: false,
    ringingUntil: null,
    quality: null,
  };
}
