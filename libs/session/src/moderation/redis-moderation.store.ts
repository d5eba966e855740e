import { Inject, Injectable } from '@nestjs/common';
import { defineScript, KeySpace, REDIS_CLIENT, type ScriptRunner } from '@rendezvous/redis';
import type { Redis } from 'ioredis';
import { banIdentities, ModerationStore, type BanSubject, type ReportOutcome, type ReportPolicy } from './moderation-store.port.js';

/**
 * ARGV: prefix, reporterId, now, windowMs, threshold, banMs, identity... → {reports, bannedUntil (0 = none)}.
 * Counted identities (g:, d:) keep a sorted set of reporters by time; at the threshold every identity is
 * banned and the counts start over.
 */
const REPORT_SCRIPT = `
local p, reporter = ARGV[1], ARGV[2]
local now, window, threshold, ban = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local most = 0
for i = 7, #ARGV do
  local kind = string.sub(ARGV[i], 1, 2)
  if kind == 'g:' or kind == 'd:' then
    local key = p..'reports:'..ARGV[i]
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
    redis.call('ZADD', key, now, reporter)
    redis.call('PEXPIRE', key, window)
    local n = redis.call('ZCARD', key)
    if n > most then most = n end
  end
end
if most < threshold then return {most, 0} end
local untilMs = now + ban
for i = 7, #ARGV do
  redis.call('SET', p..'ban:'..ARGV[i], tostring(untilMs), 'PX', ban)
  redis.call('DEL', p..'reports:'..ARGV[i])
end
return {most, untilMs}`;

/** Distributed-mode reports and bans: `rdv:{mod}:reports:<id>` sorted sets and `rdv:{mod}:ban:<id>` strings, all with TTLs. */
@Injectable()
export class RedisModerationStore extends ModerationStore {
  private readonly space: KeySpace;
  private readonly reportScript: ScriptRunner;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    root: KeySpace,
  ) {
    super();
    this.space = root.slot('mod');
    this.reportScript = defineScript(redis, 'mod_report', 1, REPORT_SCRIPT);
  }

  async report(target: BanSubject & { guestId: string }, reporterId: string, policy: ReportPolicy, now: number): Promise<ReportOutcome> {
    const ids = banIdentities(target);
    const args = [this.space.prefix, reporterId, now, policy.windowMs, policy.threshold, policy.banMs, ...ids];
    const [reports, until] = (await this.reportScript([this.space.key('reports', ids[0])], args)) as [number, number];
    return { reports, bannedUntil: until > 0 ? until : null };
  }

  async bannedUntilMany(subjects: readonly BanSubject[], now: number): Promise<Array<number | null>> {
    const idsOf = subjects.map(banIdentities);
    const keys = idsOf.flat().map((id) => this.space.key('ban', id));
    const values = keys.length > 0 ? await this.redis.mget(...keys) : [];
    let next = 0;
    return idsOf.map((ids) => {
      let until = 0;
      for (let i = 0; i < ids.length; i++) until = Math.max(until, Number(values[next++] ?? 0));
      return until > now ? until : null;
    });
  }
}
