import type { StatsEntryLike, StatsReportLike } from './rtc-types.js';

/** The numbers taken from one `getStats()` report. */
export interface StatsSample {
  timestamp: number;
  bytesReceived: number;
  bytesSent: number;
  packetsReceived: number;
  packetsLost: number;
  rttMs: number | null;
  videoFramesDecoded: number;
}

export type QualityLevel = 'good' | 'fair' | 'poor' | 'unknown';

export interface CallQuality {
  level: QualityLevel;
  rttMs: number | null;
  inboundKbps: number;
  outboundKbps: number;
  lossPercent: number;
  videoFramesDecoded: number;
  /** Every inbound RTP packet so far (audio and video). */
  packetsReceived: number;
  /** One sentence for people, e.g. "Good connection: 24 ms delay, 1.2 Mbit/s in, 0% loss." */
  words: string;
}

function num(entry: StatsEntryLike, field: string): number {
  const value = entry[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function sampleStats(report: StatsReportLike, now: number): StatsSample {
  const sample: StatsSample = {
    timestamp: now,
    bytesReceived: 0,
    bytesSent: 0,
    packetsReceived: 0,
    packetsLost: 0,
    rttMs: null,
    videoFramesDecoded: 0,
  };
  let selectedPairId: string | null = null;
  const pairs = new Map<string, StatsEntryLike>();
  report.forEach((entry) => {
    if (entry.type === 'inbound-rtp') {
      sample.bytesReceived += num(entry, 'bytesReceived');
      sample.packetsReceived += num(entry, 'packetsReceived');
      sample.packetsLost += Math.max(0, num(entry, 'packetsLost'));
      if (entry['kind'] === 'video') sample.videoFramesDecoded += num(entry, 'framesDecoded');
    } else if (entry.type === 'outbound-rtp') {
      sample.bytesSent += num(entry, 'bytesSent');
    } else if (entry.type === 'transport' && typeof entry['selectedCandidatePairId'] === 'string') {
      selectedPairId = entry['selectedCandidatePairId'];
    } else if (entry.type === 'candidate-pair') {
      pairs.set(entry.id, entry);
    }
  });
  let pair = selectedPairId ? pairs.get(selectedPairId) : undefined;
  if (!pair) pair = [...pairs.values()].find((p) => p['state'] === 'succeeded' && p['nominated'] === true);
  if (pair && typeof pair['currentRoundTripTime'] === 'number') sample.rttMs = Math.round(pair['currentRoundTripTime'] * 1000);
  return sample;
}

function kbps(bytesNow: number, bytesBefore: number, ms: number): number {
  if (ms <= 0 || bytesNow < bytesBefore) return 0;
  return Math.round(((bytesNow - bytesBefore) * 8) / ms);
}

function levelOf(rttMs: number | null, lossPercent: number, receiving: boolean): QualityLevel {
  if (!receiving && rttMs === null) return 'unknown';
  if (lossPercent > 8 || (rttMs !== null && rttMs > 600)) return 'poor';
  if (lossPercent > 2 || (rttMs !== null && rttMs > 250)) return 'fair';
  return 'good';
}

function rate(kbit: number): string {
  return kbit >= 1000 ? `${(kbit / 1000).toFixed(1)} Mbit/s` : `${kbit} kbit/s`;
}

/** Compares two samples: rates over the interval, loss over the interval (or overall at first). */
export function summarizeQuality(previous: StatsSample | null, current: StatsSample): CallQuality {
  const ms = previous ? current.timestamp - previous.timestamp : 0;
  const inboundKbps = previous ? kbps(current.bytesReceived, previous.bytesReceived, ms) : 0;
  const outboundKbps = previous ? kbps(current.bytesSent, previous.bytesSent, ms) : 0;
  const lost = current.packetsLost - (previous?.packetsLost ?? 0);
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lossPercent = lost + received > 0 ? Math.round((Math.max(0, lost) / (Math.max(0, lost) + Math.max(0, received))) * 1000) / 10 : 0;
  const level = levelOf(current.rttMs, lossPercent, current.packetsReceived > 0);
  const label = { good: 'Good connection', fair: 'Fair connection', poor: 'Poor connection', unknown: 'Measuring connection' }[level];
  const delay = current.rttMs === null ? 'delay unknown' : `${current.rttMs} ms delay`;
  return {
    level,
    rttMs: current.rttMs,
    inboundKbps,
    outboundKbps,
    lossPercent,
    videoFramesDecoded: current.videoFramesDecoded,
    packetsReceived: current.packetsReceived,
    words: `${label}: ${delay}, ${rate(inboundKbps)} in, ${rate(outboundKbps)} out, ${lossPercent}% packet loss.`,
  };
}
