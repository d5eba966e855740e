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
 * KEYS: reports:<id> for each of the n counted identities (g:, d:), then ban:<id> for each, then bannedat:<ipHash>
 * and ban:i:<ipHash> (declared even without an address: untouched then) — every key, all in the `{mod}` slot.
 * ARGV: n, entry (network|device|weight), now, windowMs, threshold, banMs, addressBanMs, ipHash ('' = none),
 * banned device (or g:guest), devices per address ban → {weight, bannedUntil, addressBannedUntil} (0 = none).
 * Each identity keeps a sorted set of report entries by time; an entry from a network or device already there
 * is not added. At the threshold the guest and device are banned and the counts start over; the address only
 * once enough devices from it were banned within the window.
 */
const REPORT_SCRIPT = `
local n, entry = tonumber(ARGV[1]), ARGV[2]
local now, window, threshold, ban, addressBan = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local ipHash, bannedDevice, perAddress = ARGV[8], ARGV[9], tonumber(ARGV[10])
local BANNED_AT, ADDRESS_BAN = KEYS[2 * n + 1], KEYS[2 * n + 2]
local function parts(e)
  local net, d, w = string.match(e, '^(.-)|(.-)|(.*)$')
  return net, d, tonumber(w) or 0
end
local function banUntil(key, untilMs, ms)
  if untilMs > tonumber(redis.call('GET', key) or '0') then redis.call('SET', key, tostring(untilMs), 'PX', ms) end
end
local network, device, weight = parts(entry)
local most = 0
for i = 1, n do
  local key = KEYS[i]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local sum, seenBefore = 0, false
  for _, e in ipairs(redis.call('ZRANGE', key, 0, -1)) do
    local net, d, w = parts(e)
    if net == network or (d ~= '-' and d == device) then seenBefore = true end
    sum = sum + w
  end
  if not seenBefore then
    redis.call('ZADD', key, now, entry)
    sum = sum + weight
  end
  redis.call('PEXPIRE', key, window)
  if sum > most then most = sum end
end
if most < threshold then return {tostring(most), 0, 0} end
local untilMs = now + ban
for i = 1, n do
  banUntil(KEYS[n + i], untilMs, ban)
  redis.call('DEL', KEYS[i])
end
local addressUntil = 0
if ipHash ~= '' then
  redis.call('ZREMRANGEBYSCORE', BANNED_AT, '-inf', now - window)
  redis.call('ZADD', BANNED_AT, now, bannedDevice)
  redis.call('PEXPIRE', BANNED_AT, window)
  if redis.call('ZCARD', BANNED_AT) >= perAddress then
    addressUntil = now + addressBan
    banUntil(ADDRESS_BAN, addressUntil, addressBan)
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
    this.reportScript = defineScript(redis, 'mod_report', 'variable', REPORT_SCRIPT);
  }

  async report(target: BanSubject & { guestId: string }, reporter: Reporter, policy: ReportPolicy, now: number): Promise<ReportOutcome> {
    const ids = banIdentities({ guestId: target.guestId, deviceId: target.deviceId }).filter(isCounted);
    const ipHash = target.ipHash ?? '';
    const keys = [...ids.map((id) => this.space.key('reports', id)), ...ids.map((id) => this.space.key('ban', id)), this.space.key('bannedat', ipHash), this.space.key('ban', `i:${ipHash}`)];
    const args = [
      ids.length,
      reportEntry(reporter),
      now,
      policy.windowMs,
      policy.threshold,
      policy.banMs,
      policy.addressBanMs,
      ipHash,
      target.deviceId ?? `g:${target.guestId}`,
      BANNED_DEVICES_PER_ADDRESS_BAN,
    ];
    const [reports, until, addressUntil] = (await this.reportScript(keys, args)) as [string, number, number];
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
