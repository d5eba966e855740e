import type { CallSession } from './logic/call-session';

export interface RendezvousTestHook {
  /** Fresh getStats() summary of the live call, or null without one. */
  stats(): Promise<{ videoFramesDecoded: number; rttMs: number | null; inboundKbps: number; lossPercent: number; words: string } | null>;
  phase(): string;
}

declare global {
  interface Window {
    __rendezvous?: RendezvousTestHook;
  }
}

/** Only with `testHooks: true` in the runtime config (the browser tests set it). */
export function installTestHook(win: Window, call: CallSession): void {
  win.__rendezvous = {
    stats: async () => {
      const fresh = await call.readQuality();
      // Frames straight from getStats(); rates as shown on screen (measured between the 1 s polls).
      const shown = call.snapshot.quality ?? fresh;
      return fresh && shown && { videoFramesDecoded: fresh.videoFramesDecoded, rttMs: fresh.rttMs, inboundKbps: shown.inboundKbps, lossPercent: shown.lossPercent, words: shown.words };
    },
    phase: () => call.snapshot.state.phase,
  };
}
