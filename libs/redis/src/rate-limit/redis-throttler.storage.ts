import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { RedisClient } from '../create-redis-client.js';
import { defineScript, type ScriptRunner } from '../define-script.js';
import { KeySpace } from '../key-space.js';
import { REDIS_CLIENT } from '../redis.tokens.js';
import { toRecord, type ThrottlerStorageRecord } from './throttle-record.js';

/**
 * KEYS: hits, block. ARGV: ttlMs, limit, blockMs → {totalHits, msToExpire, blocked (0|1), msToBlockExpire}.
 * A fixed window: the first hit starts it; the hit past the limit blocks the key for blockMs and
 * restarts the count, so a new window begins when the block ends (as in @nestjs/throttler's own storage).
 */
const HIT_SCRIPT = `
local hitsKey, blockKey = KEYS[1], KEYS[2]
local ttl, limit, block = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local blockedFor = redis.call('PTTL', blockKey)
if blockedFor > 0 then
  return {limit + 1, blockedFor, 1, blockedFor}
end
local hits = redis.call('INCR', hitsKey)
local left = redis.call('PTTL', hitsKey)
if hits == 1 or left < 0 then
  redis.call('PEXPIRE', hitsKey, ttl)
  left = ttl
end
if hits > limit then
  redis.call('DEL', hitsKey)
  redis.call('SET', blockKey, '1', 'PX', block)
  return {hits, block, 1, block}
end
return {hits, left, 0, 0}`;

/**
 * The throttler's storage in Redis (distributed mode), so a limit holds across every gateway and
 * session replica: one Lua script per hit, two keys per tracked key (both with a TTL, in one
 * Cluster slot). No maintained package supports NestJS 12 yet, hence this one.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly hit: ScriptRunner;

  constructor(
    @Inject(REDIS_CLIENT) redis: RedisClient,
    private readonly keys: KeySpace,
  ) {
    this.hit = defineScript(redis, 'throttle_hit', 2, HIT_SCRIPT);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = this.keys.key('rl', `{${throttlerName}:${key}}`);
    const reply = (await this.hit([`${base}:hits`, `${base}:block`], [Math.max(1, Math.ceil(ttl)), limit, Math.max(1, Math.ceil(blockDuration))])) as number[];
    return toRecord(reply[0], reply[1], reply[2] === 1, reply[3]);
  }
}
