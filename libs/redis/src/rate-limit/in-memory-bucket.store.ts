import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { BucketStore, type BucketStates } from './bucket-store.port.js';

/** Embedded mode: the records in a map that forgets expired ones. */
@Injectable()
export class InMemoryBucketStore extends BucketStore implements OnModuleDestroy {
  private readonly records = new Map<string, { buckets: BucketStates; expiresAt: number }>();
  private readonly sweeper = setInterval(() => this.evictExpired(), 30_000).unref();

  async save(guestId: string, buckets: BucketStates, ttlMs: number): Promise<void> {
    this.records.set(guestId, { buckets: structuredClone(buckets), expiresAt: Date.now() + ttlMs });
  }

  async load(guestId: string): Promise<BucketStates | null> {
    const record = this.records.get(guestId);
    return record && record.expiresAt > Date.now() ? structuredClone(record.buckets) : null;
  }

  /** Records still held; for leak checks. */
  size(): number {
    this.evictExpired();
    return this.records.size;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private evictExpired(): void {
    const now = Date.now();
    for (const [guestId, record] of this.records) if (record.expiresAt <= now) this.records.delete(guestId);
  }
}
