import { describe, expect, it } from '@jest/globals';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('lets a burst of the full count through, then refuses', () => {
    const bucket = new TokenBucket({ count: 3, windowMs: 1_000 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
  });

  it('refills at count per window, never beyond the count', () => {
    const bucket = new TokenBucket({ count: 10, windowMs: 1_000 }, 0);
    for (let i = 0; i < 10; i++) bucket.take(0);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true); // 100 ms = one token
    expect(bucket.take(100)).toBe(false);
    let granted = 0;
    for (let i = 0; i < 20; i++) if (bucket.take(60_000)) granted++;
    expect(granted).toBe(10);
  });

  it('does not refill when the clock goes backwards', () => {
    const bucket = new TokenBucket({ count: 1, windowMs: 1_000 }, 5_000);
    expect(bucket.take(5_000)).toBe(true);
    expect(bucket.take(1_000)).toBe(false);
  });
});

describe('TokenBucket carried over', () => {
  it('carries on from a saved state, refilled for the time since, and says when it is full again', () => {
    const bucket = new TokenBucket({ count: 10, windowMs: 1_000 }, 0);
    for (let i = 0; i < 10; i++) bucket.take(0);
    const saved = bucket.state(0)!;
    expect(saved).toEqual({ tokens: 0, at: 0 });
    expect(bucket.refillMs(0)).toBe(1_000);
    const next = new TokenBucket({ count: 10, windowMs: 1_000 }, 250, saved);
    let granted = 0;
    for (let i = 0; i < 10; i++) if (next.take(250)) granted++;
    expect(granted).toBe(2);
    expect(new TokenBucket({ count: 10, windowMs: 1_000 }, 5_000, saved).state(5_000)).toBeNull();
  });
});
