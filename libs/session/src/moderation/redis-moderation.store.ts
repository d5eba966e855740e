import { Inject, Injectable } from '@nestjs/common';
import { defineScript, KeySpace, REDIS_CLIENT, type RedisClient, type ScriptRunner } from '@rendezvous/redis';
import {
  BANNED_DEVICES_PER_ADDRESS_BAN,
  banIdentities,
  entryWeight,
  isCounted,
  ModerationStore,
  reportEntry,
  type BanSubject,
  type Reporter,
  type ReportOutcome,
  type ReportPolicy,
} from './moderation-store.port.js';

/**
 * ARGV: prefix, entry (network|device|weight), now, windowMs, threshold, banMs, addressBanMs, ipHash ('' = none),
 * banned device (or g:guest), devices per address ban, identity... → {weight, bannedUntil, addressBannedUntil} (0 = none).
 * Counted identities (g:, d:) keep a sorted set of report entries by time; an entry from a network or device
 * already there is not added. At the threshold the guest and device are banned and the counts start over;
 * the address only once enough devices from it were banned within the window.
 */
const REPORT_SCRIPT = `
local p, entry = ARGV[1], ARGV[2]
local now, window, threshold, ban, addressBan = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local ipHash, bannedDevice, perAddress = ARGV[8], ARGV[9], tonumber(ARGV[10])
local function parts(e)
  local n, d, w = string.match(e, '^(.-)|(.-)|(.*)$')
  return n, d, tonumber(w) or 0
end
local function counted(id) local kind = string.sub(id, 1, 2) return kind == 'g:' or kind == 'd:' end
local function banUntil(key, untilMs, ms)
  if untilMs > tonumber(redis.call('GET', key) or '0') then redis.call('SET', key, tostring(untilMs), 'PX', ms) end
end
local network, device, weight = parts(entry)
local most = 0
for i = 11, #ARGV do
  if counted(ARGV[i]) then
    local key = p..'reports:'..ARGV[i]
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
    local sum, seenBefore = 0, false
    for _, e in ipairs(redis.call('ZRANGE', key, 0, -1)) do
      local n, d, w = parts(e)
      if n == network or (d ~= '-' and d == device) then seenBefore = true end
      sum = sum + w
    end
    if not seenBefore then
      redis.call('ZADD', key, now, entry)
      sum = sum + weight
    end
    redis.call('PEXPIRE', key, window)
    if sum > most then most = sum end
  end
end
if most < threshold then return {tostring(most), 0, 0} end
local untilMs = now + ban
for i = 11, #ARGV do
  if counted(ARGV[i]) then
    banUntil(p..'ban:'..ARGV[i], untilMs, ban)
    redis.call('DEL', p..'reports:'..ARGV[i])
  end
end
local addressUntil = 0
if ipHash ~= '' then
  local key = p..'bannedat:'..ipHash
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  redis.call('ZADD', key, now, bannedDevice)
  redis.call('PEXPIRE', key, window)
  if redis.call('ZCARD', key) >= perAddress then
    addressUntil = now + addressBan
    banUntil(p..'ban:i:'..ipHash, addressUntil, addressBan)
  end
end
return {tostring(most), untilMs, addressUntil}`;

/** Distributed-mode reports and bans: `rdv:{mod}:reports:<id>` and `rdv:{mod}:bannedat:<ipHash>` sorted sets, `rdv:{mod}:ban:<id>` strings, all with TTLs. */
@Injectable()
export class RedisModerationStore extends ModerationStore {
  private readonly space: KeySpace;
  private readonly reportScript: ScriptRunner;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    root: KeySpace,
  ) {
    super();
    this.space = root.slot('mod');
    this.reportScript = defineScript(redis, 'mod_report', 1, REPORT_SCRIPT);
  }

  async report(target: BanSubject & { guestId: string }, reporter: Reporter, policy: ReportPolicy, now: number): Promise<ReportOutcome> {
    const ids = banIdentities({ guestId: target.guestId, deviceId: target.deviceId });
    const args = [
      this.space.prefix,
      reportEntry(reporter),
      now,
      policy.windowMs,
      policy.threshold,
      policy.banMs,
      policy.addressBanMs,
      target.ipHash ?? '',
      target.deviceId ?? `g:${target.guestId}`,
      BANNED_DEVICES_PER_ADDRESS_BAN,
      ...ids,
    ];
    const [reports, until, addressUntil] = (await this.reportScript([this.space.key('reports', ids[0])], args)) as [string, number, number];
    return { reports: Number(reports), bannedUntil: until > 0 ? until : null, addressBannedUntil: addressUntil > 0 ? addressUntil : null };
  }

  async reportedWeight(subject: BanSubject, windowMs: number, now: number): Promise<number> {
    let most = 0;
    for (const id of banIdentities(subject).filter(isCounted)) {
      const entries = await this.redis.zrangebyscore(this.space.key('reports', id), now - windowMs + 1, '+inf');
      most = Math.max(most, entries.reduce((sum, entry) => sum + entryWeight(entry), 0));
    }
    return most;
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
