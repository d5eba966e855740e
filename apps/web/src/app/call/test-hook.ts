import type { CallSession } from './logic/call-session';

export interface RendezvousTestHook {
  /** Fresh getStats() summary of the live call, or null without one. */
  stats(): Promise<{ videoFramesDecoded: number; packetsReceived: number; rttMs: number | null; inboundKbps: number; lossPercent: number; words: string } | null>;
  phase(): string;
  /** This side's perfect-negotiation role with the current partner (the initiator is impolite). */
  polite(): boolean;
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
      return fresh && shown && { videoFramesDecoded: fresh.videoFramesDecoded, packetsReceived: fresh.packetsReceived, rttMs: fresh.rttMs, inboundKbps: shown.inboundKbps, lossPercent: shown.lossPercent, words: shown.words };
    },
    phase: () => call.snapshot.state.phase,
    polite: () => call.isPolite,
  };
}
