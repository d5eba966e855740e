import { describe, expect, it } from '@jest/globals';
import type { CallQuality } from './call-quality.js';
import { QualityMonitor } from './quality-monitor.js';
import { ManualTimers, settle } from './testing/fakes.js';

function source(bytesPerCall: number) {
  let bytes = 0;
  return {
    getStats: async () => {
      bytes += bytesPerCall;
      const entries = [{ type: 'inbound-rtp', id: 'in', timestamp: 0, kind: 'video', bytesReceived: bytes, packetsReceived: bytes / 100, packetsLost: 0, framesDecoded: bytes / 1000 }];
      return { forEach: (cb: (e: (typeof entries)[number]) => void) => entries.forEach(cb) };
    },
  };
}

describe('QualityMonitor', () => {
  it('polls every interval while started and reports bitrate between polls', async () => {
    const timers = new ManualTimers();
    const reports: CallQuality[] = [];
    const monitor = new QualityMonitor(timers, () => timers.now, (q) => reports.push(q), 1_000);
    monitor.start(source(125_000));
    timers.advance(1_000);
    await settle();
    timers.advance(1_000);
    await settle();
    expect(reports).toHaveLength(2);
    expect(reports[1]!.inboundKbps).toBe(1000);
  });

  it('stops polling and forgets the baseline on stop', async () => {
    const timers = new ManualTimers();
    const reports: CallQuality[] = [];
    const monitor = new QualityMonitor(timers, () => timers.now, (q) => reports.push(q), 1_000);
    monitor.start(source(1_000));
    monitor.stop();
    timers.advance(5_000);
    await settle();
    expect(reports).toHaveLength(0);
    expect(timers.count).toBe(0);
    expect(await monitor.read()).toBeNull();
  });
});
