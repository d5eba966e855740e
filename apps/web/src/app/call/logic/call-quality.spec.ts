import { describe, expect, it } from '@jest/globals';
import { sampleStats, summarizeQuality } from './call-quality.js';
import type { StatsEntryLike } from './rtc-types.js';

function report(entries: { type: string; id: string; [field: string]: unknown }[]) {
  return { forEach: (cb: (e: StatsEntryLike) => void) => entries.forEach((e) => cb({ timestamp: 0, ...e })) };
}

function entries(bytes: number, packets: number, lost: number, frames: number) {
  return [
    { type: 'inbound-rtp', id: 'in-v', kind: 'video', bytesReceived: bytes, packetsReceived: packets, packetsLost: lost, framesDecoded: frames },
    { type: 'outbound-rtp', id: 'out-v', kind: 'video', bytesSent: bytes / 2 },
    { type: 'transport', id: 't', selectedCandidatePairId: 'cp1' },
    { type: 'candidate-pair', id: 'cp1', state: 'succeeded', nominated: true, currentRoundTripTime: 0.042 },
  ];
}

describe('call quality', () => {
  it('reads RTT from the selected candidate pair and frames from inbound video', () => {
    const sample = sampleStats(report(entries(1000, 10, 0, 30)), 1_000);
    expect(sample.rttMs).toBe(42);
    expect(sample.videoFramesDecoded).toBe(30);
  });

  it('turns two samples into bitrate, loss and plain words', () => {
    const first = sampleStats(report(entries(0, 0, 0, 0)), 0);
    const second = sampleStats(report(entries(125_000, 95, 5, 30)), 1_000);
    const quality = summarizeQuality(first, second);
    expect(quality.inboundKbps).toBe(1000);
    expect(quality.lossPercent).toBe(5);
    expect(quality.level).toBe('fair');
    expect(quality.words).toBe('Fair connection: 42 ms delay, 1.0 Mbit/s in, 500 kbit/s out, 5% packet loss.');
  });

  it('says good for a clean, fast connection', () => {
    const a = sampleStats(report(entries(0, 0, 0, 0)), 0);
    const b = sampleStats(report(entries(50_000, 100, 0, 30)), 1_000);
    expect(summarizeQuality(a, b).level).toBe('good');
  });
});
