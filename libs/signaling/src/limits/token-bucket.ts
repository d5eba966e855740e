import type { RateRule } from '@rendezvous/config';
import type { BucketState } from '@rendezvous/redis';

/** `count` tokens, refilled continuously at `count` per `windowMs`: bursts up to `count`, then that rate. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  /** A full bucket, or one that carries on from a saved state (refilled for the time since). */
  constructor(
    private readonly rule: RateRule,
    now: number,
    from?: BucketState,
  ) {
    this.tokens = from ? Math.min(rule.count, Math.max(0, from.tokens)) : rule.count;
    this.updatedAt = from ? Math.min(now, from.at) : now;
    this.refill(now);
  }

  /** Takes one token; false (and takes nothing) when the bucket is empty. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** What it holds now; null when it is full again (nothing worth keeping). */
  state(now: number): BucketState | null {
    this.refill(now);
    return this.tokens >= this.rule.count ? null : { tokens: this.tokens, at: now };
  }

  /** How long until it is full again. */
  refillMs(now: number): number {
    this.refill(now);
    return Math.ceil(((this.rule.count - this.tokens) * this.rule.windowMs) / this.rule.count);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.rule.count, this.tokens + (elapsed * this.rule.count) / this.rule.windowMs);
    this.updatedAt = now;
  }
}
