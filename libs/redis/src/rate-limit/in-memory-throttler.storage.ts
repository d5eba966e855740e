import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { toRecord, type ThrottlerStorageRecord } from './throttle-record.js';

interface Window {
  hits: number;
  endsAt: number;
  blockedUntil: number;
}

/** The throttler's storage in embedded mode: the Redis storage's fixed window and block, in a map. */
@Injectable()
export class InMemoryThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper = setInterval(() => this.evictExpired(), 30_000).unref();

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    if (window && window.blockedUntil > now) return toRecord(limit + 1, window.blockedUntil - now, true, window.blockedUntil - now);
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + Math.max(1, ttl), blockedUntil: 0 };
      this.windows.set(id, window);
    }
    window.hits += 1;
    if (window.hits > limit) {
      const block = Math.max(1, blockDuration);
      const hits = window.hits;
      // The count restarts once the block is over, as in the Redis script.
      window.hits = 0;
      window.blockedUntil = now + block;
      window.endsAt = now + block;
      return toRecord(hits, block, true, block);
    }
    return toRecord(window.hits, window.endsAt - now, false, 0);
  }

  /** Keys still tracked; for leak checks. */
  size(): number {
    this.evictExpired();
    return this.windows.size;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private evictExpired(): void {
    const now = Date.now();
    for (const [id, window] of this.windows) if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(id);
  }
}
