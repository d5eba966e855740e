import { describe, expect, it } from '@jest/globals';
import { FullJitterBackoff, RECONNECT_BACKOFF } from './full-jitter-backoff.js';

/** A seeded generator (mulberry32), so the draws are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('FullJitterBackoff', () => {
  it('doubles the ceiling from the base up to the cap, and stays there', () => {
    const backoff = new FullJitterBackoff({ baseMs: 1_000, capMs: 8_000 }, () => 0.999_999);
    expect(Array.from({ length: 7 }, () => backoff.nextDelayMs())).toEqual([999, 1_999, 3_999, 7_999, 7_999, 7_999, 7_999]);
    expect(backoff.attempts).toBe(7);
  });

  it('can wait no time at all: the whole range down to zero is used', () => {
    const backoff = new FullJitterBackoff({ baseMs: 1_000, capMs: 8_000 }, () => 0);
    expect(Array.from({ length: 5 }, () => backoff.nextDelayMs())).toEqual([0, 0, 0, 0, 0]);
  });

  it('starts again from the base after a reset', () => {
    const backoff = new FullJitterBackoff({ baseMs: 500, capMs: 4_000 }, () => 0.5);
    backoff.nextDelayMs();
    backoff.nextDelayMs();
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.nextDelayMs()).toBe(250);
  });

  it('spreads a crowd evenly over [0, ceiling): every tenth of the interval gets about a tenth of 10,000 clients, even at the cap', () => {
    const random = seeded(12);
    for (const attempt of [0, 2, 9]) {
      const delays = Array.from({ length: 10_000 }, () => {
        const backoff = new FullJitterBackoff(RECONNECT_BACKOFF, random);
        for (let i = 0; i < attempt; i++) backoff.nextDelayMs();
        return backoff.nextDelayMs();
      });
      const ceiling = Math.min(RECONNECT_BACKOFF.capMs, RECONNECT_BACKOFF.baseMs * 2 ** attempt);
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThan(ceiling);
      const tenths = Array.from({ length: 10 }, (_, k) => delays.filter((d) => d >= (k * ceiling) / 10 && d < ((k + 1) * ceiling) / 10).length);
      for (const count of tenths) expect(count).toBeGreaterThan(850);
      for (const count of tenths) expect(count).toBeLessThan(1_150);
    }
  });

  it('never retries two clients in lockstep at the cap, unlike a capped exponential with a ±50 % band', () => {
    const random = seeded(7);
    const atCap = Array.from({ length: 1_000 }, () => {
      const backoff = new FullJitterBackoff(RECONNECT_BACKOFF, random);
      for (let i = 0; i < 6; i++) backoff.nextDelayMs();
      return backoff.nextDelayMs();
    });
    expect(new Set(atCap).size).toBeGreaterThan(900);
  });

  it('leaves a first retry within the base and gives a whole crowd several tries inside the 20-s reconnection window', () => {
    const backoff = new FullJitterBackoff(RECONNECT_BACKOFF, () => 0.999_999);
    let waited = 0;
    let tries = 0;
    while (waited + backoff.ceilingMs() <= 20_000) {
      waited += backoff.nextDelayMs();
      tries++;
    }
    expect(RECONNECT_BACKOFF.baseMs).toBeLessThanOrEqual(1_000);
    expect(tries).toBeGreaterThanOrEqual(4);
  });
});
