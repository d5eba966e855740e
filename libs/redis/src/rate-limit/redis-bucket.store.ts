import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '../create-redis-client.js';
import { KeySpace } from '../key-space.js';
import { REDIS_CLIENT } from '../redis.tokens.js';
import { BucketStore, type BucketStates } from './bucket-store.port.js';

/** Distributed mode: one JSON string per guest, `rdv:buckets:<guestId>`, with a TTL. */
@Injectable()
export class RedisBucketStore extends BucketStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly root: KeySpace,
  ) {
    super();
  }

  async save(guestId: string, buckets: BucketStates, ttlMs: number): Promise<void> {
    await this.redis.set(this.root.key('buckets', guestId), JSON.stringify(buckets), 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  async load(guestId: string): Promise<BucketStates | null> {
    const raw = await this.redis.get(this.root.key('buckets', guestId));
    return raw ? (JSON.parse(raw) as BucketStates) : null;
  }
}
