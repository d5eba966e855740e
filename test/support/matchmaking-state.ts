import { MatchmakingKeys } from '@rendezvous/matchmaking';
import { KeySpace, type RedisClient } from '@rendezvous/redis';

/**
 * What matchmaking holds in Redis under a key prefix, one kind per live record, sorted: `entry` (a
 * waiting guest), `pair` (a paired guest's side), `req` (a guest's last request ids), `avoid`, `block`,
 * and `index` (a member of the queue or pair indexes). Socket records (`c:`) are presence's and not
 * listed; records past their time (the sweep drops them a slice at a time) are not listed either.
 */
export async function matchmakingRecords(redis: RedisClient, prefix: string): Promise<string[]> {
  const keys = new MatchmakingKeys(new KeySpace(prefix));
  const now = Date.now();
  const kinds: string[] = [];
  for (const [field, value] of Object.entries(await redis.hgetall(keys.records))) {
    const kind = field[0];
    if (kind === 's') {
      if (value.startsWith('P')) {
        if ((JSON.parse(value.slice(1)) as { expiresAt: number }).expiresAt > now) kinds.push('pair');
      } else kinds.push('entry');
    } else if (kind === 'r') {
      if ((JSON.parse(value) as { u: number }).u > now) kinds.push('req');
    } else if (kind === 'a' || kind === 'b') {
      if (Number(value) > now) kinds.push(kind === 'a' ? 'avoid' : 'block');
    }
  }
  const indexed = await Promise.all([keys.ready, keys.waiting, keys.tags, keys.pairs].map((key) => redis.zcard(key)));
  kinds.push(...Array<string>(indexed.reduce((sum, n) => sum + n, 0)).fill('index'));
  return kinds.sort();
}

/** Whether the guest waits in the queue. */
export async function queuedInRedis(redis: RedisClient, prefix: string, guestId: string): Promise<boolean> {
  const state = await redis.hget(new MatchmakingKeys(new KeySpace(prefix)).records, `s:${guestId}`);
  return state?.startsWith('R') === true || state?.startsWith('W') === true;
}
