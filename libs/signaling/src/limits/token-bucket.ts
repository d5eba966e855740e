import type { RateRule } from '@rendezvous/config';

/** `count` tokens, refilled continuously at `count` per `windowMs`: bursts up to `count`, then that rate. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly rule: RateRule,
    now: number,
  ) {
    this.tokens = rule.count;
    this.updatedAt = now;
  }

  /** Takes one token; false (and takes nothing) when the bucket is empty. */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.rule.count, this.tokens + (elapsed * this.rule.count) / this.rule.windowMs);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
