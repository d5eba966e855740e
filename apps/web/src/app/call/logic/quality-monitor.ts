import { sampleStats, summarizeQuality, type CallQuality, type StatsSample } from './call-quality.js';
import type { StatsReportLike, Timers } from './rtc-types.js';

interface StatsSource {
  getStats(): Promise<StatsReportLike>;
}

/** Polls getStats() while a call is connected and reports the quality in words. */
export class QualityMonitor {
  private timer: unknown = null;
  private baseline: StatsSample | null = null;
  private source: StatsSource | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly onQuality: (quality: CallQuality) => void,
    private readonly intervalMs = 1_000,
  ) {}

  start(source: StatsSource): void {
    this.source = source;
    if (this.timer === null) this.schedule();
  }

  /** Fresh numbers; rates are measured from the last poll (without moving it). */
  async read(): Promise<CallQuality | null> {
    return this.source ? this.measure(this.source, false) : null;
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.baseline = null;
    this.source = null;
  }

  private schedule(): void {
    this.timer = this.timers.setTimeout(async () => {
      const source = this.source;
      if (!source) return;
      try {
        const quality = await this.measure(source, true);
        if (this.source === source) this.onQuality(quality);
      } catch {
        // A closing connection has no stats; the next poll or stop() handles it.
      }
      if (this.source === source) this.schedule();
    }, this.intervalMs);
  }

  private async measure(source: StatsSource, remember: boolean): Promise<CallQuality> {
    const sample = sampleStats(await source.getStats(), this.now());
    const quality = summarizeQuality(this.baseline, sample);
    if (remember) this.baseline = sample;
    return quality;
  }
}
