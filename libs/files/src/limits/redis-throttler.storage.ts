import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { defineScript, KeySpace, REDIS_CLIENT, type ScriptRunner } from '@rendezvous/redis';
import type { Redis } from 'ioredis';

/** Counts a hit in the current window (which the first hit opens) and answers the count and the window's time left. */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}`;

type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * A fixed-window ThrottlerStorage in Redis (`rdv:throttle:<name>:<key>`, expiring with its window), shared by
 * every replica. Blocking beyond the window (`blockDuration`) is not supported: over the limit means until the window ends.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly hit: ScriptRunner;

  constructor(
    @Inject(REDIS_CLIENT) redis: Redis,
    private readonly keys: KeySpace,
  ) {
    this.hit = defineScript(redis, 'throttle_hit', 1, HIT_SCRIPT);
  }

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerRecord> {
    const [hits, msLeft] = (await this.hit([this.keys.key('throttle', throttlerName, key)], [Math.max(1, Math.ceil(ttl))])) as [number, number];
    const timeToExpire = Math.max(1, Math.ceil(msLeft / 1000));
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }
}
