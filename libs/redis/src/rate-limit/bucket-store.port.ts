/** What one token bucket held at a moment. */
export interface BucketState {
  tokens: number;
  /** Epoch ms of that moment; the bucket has refilled since. */
  at: number;
}

/** A guest's buckets by name (chat, ice, ...). */
export type BucketStates = Record<string, BucketState>;

/**
 * The per-guest token buckets a socket leaves behind, so the guest's next socket — on this gateway or
 * another — starts where the last one stopped instead of with full buckets. Each record expires once
 * its buckets would have refilled anyway.
 */
export abstract class BucketStore {
  abstract save(guestId: string, buckets: BucketStates, ttlMs: number): Promise<void>;
  /** The guest's saved buckets, or null (never saved, or refilled and forgotten). */
  abstract load(guestId: string): Promise<BucketStates | null>;
}
