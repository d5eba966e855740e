import { REQUEST_RECORD_TTL_MS } from './request-records.js';

/**
 * Lua scripts of the Redis queue: each runs atomically in one round trip. Entries are stored as the
 * JSON the caller sent, and the compatibility rule mirrors compatibility.ts.
 * ARGV[1] is always the key prefix (keys share one `{mm}` hash tag, see MatchmakingKeys).
 */

/**
 * Request-id guard (the bus delivers at least once; see MatchQueue): a guest's last request id of each
 * step ('join', 'end', 'block') and what it did are kept in the hash `req:<guestId>`; a request that
 * finds its own id there changes nothing. Apart from the matching rules, so a new queue design keeps it.
 */
const REQUEST_GUARD = `
local function replayed(guest, step, rid)
  if rid == nil or rid == '' then return nil end
  local seen = redis.call('HGET', p..'req:'..guest, step)
  if seen and string.sub(seen, 1, #rid + 1) == rid..'|' then return string.sub(seen, #rid + 2) end
  return nil
end
local function remember(guest, step, rid, outcome)
  if rid == nil or rid == '' then return end
  redis.call('HSET', p..'req:'..guest, step, rid..'|'..outcome)
  redis.call('PEXPIRE', p..'req:'..guest, ${REQUEST_RECORD_TTL_MS})
end
`;

const HELPERS = `
local p = ARGV[1]
local q = p..'queue'
local function ready(e, now, fallback)
  return #e.interests == 0 or now - e.joinedAt >= fallback
end
local function shares(a, b)
  for _, x in ipairs(a.interests) do
    for _, y in ipairs(b.interests) do
      if x == y then return true end
    end
  end
  return false
end
-- Mirrors blockIdentities / blockKeys in compatibility.ts.
local function ids(e)
  local out = {'g:'..e.guestId}
  if e.deviceId ~= cjson.null and e.deviceId ~= nil then out[2] = 'd:'..e.deviceId end
  return out
end
local function blocked(a, b)
  local keys = {}
  for _, x in ipairs(ids(a)) do
    for _, y in ipairs(ids(b)) do keys[#keys + 1] = p..'block:'..x..'|'..y end
  end
  return redis.call('EXISTS', unpack(keys)) > 0
end
-- A guest whose gateway detached its socket (it left) is never queued or handed out.
local function connected(id)
  return redis.call('EXISTS', p..'conn:'..id) == 1
end
local function compatible(a, b, now, fallback)
  if a.guestId == b.guestId then return false end
  if a.deviceId ~= cjson.null and a.deviceId ~= nil and a.deviceId == b.deviceId then return false end
  if redis.call('EXISTS', p..'avoid:'..a.guestId..':'..b.guestId) == 1 then return false end
  if blocked(a, b) then return false end
  if shares(a, b) then return true end
  return ready(a, now, fallback) and ready(b, now, fallback)
end
-- Reads a waiting entry; drops it (returns nil) when it is stale or its gateway is dead, skips it when its gateway's link dropped.
local function load(id)
  local raw = redis.call('GET', p..'entry:'..id)
  if not raw then
    redis.call('ZREM', q, id)
    return nil
  end
  local e = cjson.decode(raw)
  if redis.call('EXISTS', p..'gw:'..e.gatewayId) == 0 or not connected(id) then
    redis.call('ZREM', q, id)
    redis.call('DEL', p..'entry:'..id)
    return nil
  end
  -- its process is gone (the link dropped) though the heartbeat lasts: not handed out; the expiry drops it
  if redis.call('EXISTS', p..'gwlink:'..e.gatewayId) == 1 and redis.call('PUBSUB', 'NUMSUB', p..'link:'..e.gatewayId)[2] == 0 then
    return nil
  end
  return e, raw
end
local function unqueue(id)
  redis.call('ZREM', q, id)
  redis.call('DEL', p..'entry:'..id)
end
local function pair(pairId, a, rawA, b, rawB, ttl, now)
  unqueue(a.guestId)
  unqueue(b.guestId)
  redis.call('SET', p..'pairof:'..a.guestId, pairId, 'PX', ttl)
  redis.call('SET', p..'pairof:'..b.guestId, pairId, 'PX', ttl)
  redis.call('SET', p..'pair:'..pairId, '{"initiator":'..rawA..',"other":'..rawB..'}', 'PX', ttl)
  -- the index of live pairs (for the active-pairs gauge) lives as long as its newest member
  redis.call('ZADD', p..'pairs', now + ttl, pairId)
  redis.call('PEXPIRE', p..'pairs', ttl)
end
-- Ends the guest's pairing for both sides and drops it from the live-pairs index: pairId and the
-- decoded pair, or nil when there is none (or another caller ended it first).
local function unpair(guest)
  local pairId = redis.call('GET', p..'pairof:'..guest)
  if not pairId then return nil end
  local raw = redis.call('GET', p..'pair:'..pairId)
  redis.call('DEL', p..'pair:'..pairId, p..'pairof:'..guest)
  redis.call('ZREM', p..'pairs', pairId)
  if not raw then return nil end
  local pr = cjson.decode(raw)
  for _, e in ipairs({pr.initiator, pr.other}) do
    if redis.call('GET', p..'pairof:'..e.guestId) == pairId then redis.call('DEL', p..'pairof:'..e.guestId) end
  end
  return pairId, pr
end
${REQUEST_GUARD}`;

/**
 * Joins in order, each as if alone (a joiner may pair with one queued earlier in the same call).
 * ARGV: prefix, now, fallbackMs, pairTtlMs, entryTtlMs, scanLimit, then entryJson, pairId, requestId for each joiner
 * → flat list, per joiner: 'paired' | 'queued' | 'matched' | 'gone' | 'duplicate', then the partner's entry JSON ('' unless matched).
 */
export const JOIN_MANY_SCRIPT = `${HELPERS}
local now, fallback = tonumber(ARGV[2]), tonumber(ARGV[3])
local pairTtl, entryTtl, scan = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local function attempt(me, raw, pairId)
  if redis.call('EXISTS', p..'pairof:'..me.guestId) == 1 then return 'paired', '' end
  unqueue(me.guestId)
  if not connected(me.guestId) then return 'gone', '' end
  -- a joiner whose gateway is dead is queued like any other entry (and dropped by the next scan), never paired
  if redis.call('EXISTS', p..'gw:'..me.gatewayId) == 1 then
    for _, id in ipairs(redis.call('ZRANGE', q, 0, scan - 1)) do
      local e, rawE = load(id)
      if e and compatible(me, e, now, fallback) then
        pair(pairId, me, raw, e, rawE, pairTtl, now)
        return 'matched', rawE
      end
    end
  end
  redis.call('SET', p..'entry:'..me.guestId, raw, 'PX', entryTtl)
  redis.call('ZADD', q, me.joinedAt, me.guestId)
  return 'queued', ''
end
local function join(raw, pairId, rid)
  local me = cjson.decode(raw)
  if replayed(me.guestId, 'join', rid) then return 'duplicate', '' end
  local status, partner = attempt(me, raw, pairId)
  remember(me.guestId, 'join', rid, status)
  return status, partner
end
local out = {}
for i = 7, #ARGV, 3 do
  local status, partner = join(ARGV[i], ARGV[i + 1], ARGV[i + 2])
  out[#out + 1] = status
  out[#out + 1] = partner
end
return out`;

/** ARGV: prefix, now, fallbackMs, pairIdSeed, pairTtlMs, scanLimit → flat list of pairId, rawInitiator, rawOther */
export const SWEEP_SCRIPT = `${HELPERS}
local now, fallback, seed, pairTtl, scan = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local list = {}
for _, id in ipairs(redis.call('ZRANGE', q, 0, scan - 1)) do
  local e, raw = load(id)
  if e then list[#list + 1] = {e = e, raw = raw} end
end
local taken, out = {}, {}
for i = 1, #list do
  local a = list[i]
  if not taken[a.e.guestId] then
    for j = i + 1, #list do
      local b = list[j]
      if not taken[b.e.guestId] and compatible(a.e, b.e, now, fallback) then
        taken[a.e.guestId] = true
        taken[b.e.guestId] = true
        local pairId = seed..'-'..(#out / 3 + 1)
        pair(pairId, a.e, a.raw, b.e, b.raw, pairTtl, now)
        out[#out + 1] = pairId
        out[#out + 1] = a.raw
        out[#out + 1] = b.raw
        break
      end
    end
  end
end
return out`;

/** ARGV: prefix, guestId → nil | {pairId, rawPair} */
export const PAIR_OF_SCRIPT = `
local p, guest = ARGV[1], ARGV[2]
local pairId = redis.call('GET', p..'pairof:'..guest)
if not pairId then return nil end
local raw = redis.call('GET', p..'pair:'..pairId)
if not raw then return nil end
return {pairId, raw}`;

/** ARGV: prefix, guestId, avoidMs, requestId → nil | {pairId, initiatorId, otherId} | {'duplicate', '1' | '0' (whether it ended one)} */
export const END_PAIR_SCRIPT = `${HELPERS}
local guest, avoidMs, rid = ARGV[2], tonumber(ARGV[3]), ARGV[4]
local seen = replayed(guest, 'end', rid)
if seen then return {'duplicate', seen} end
local pairId, pr = unpair(guest)
if not pr then
  remember(guest, 'end', rid, '0')
  return nil
end
local a, b = pr.initiator.guestId, pr.other.guestId
if avoidMs > 0 then
  redis.call('SET', p..'avoid:'..a..':'..b, '1', 'PX', avoidMs)
  redis.call('SET', p..'avoid:'..b..':'..a, '1', 'PX', avoidMs)
end
remember(guest, 'end', rid, '1')
return {pairId, a, b}`;

/**
 * Ends the guest's pairing and keeps the two apart (by guest id and device, both ways) for blockMs.
 * ARGV: prefix, guestId, blockMs, requestId → as END_PAIR_SCRIPT
 */
export const BLOCK_PAIR_SCRIPT = `${HELPERS}
local guest, ms, rid = ARGV[2], tonumber(ARGV[3]), ARGV[4]
local seen = replayed(guest, 'block', rid)
if seen then return {'duplicate', seen} end
local pairId, pr = unpair(guest)
if not pr then
  remember(guest, 'block', rid, '0')
  return nil
end
local a, b = pr.initiator, pr.other
for _, x in ipairs(ids(a)) do
  for _, y in ipairs(ids(b)) do
    redis.call('SET', p..'block:'..x..'|'..y, '1', 'PX', ms)
    redis.call('SET', p..'block:'..y..'|'..x, '1', 'PX', ms)
  end
end
remember(guest, 'block', rid, '1')
return {pairId, a.guestId, b.guestId}`;

/** ARGV: prefix, gatewayId, scanLimit → guest ids dropped */
export const DROP_GATEWAY_SCRIPT = `
local p, gw = ARGV[1], ARGV[2]
local q = p..'queue'
local dropped = {}
for _, id in ipairs(redis.call('ZRANGE', q, 0, -1)) do
  local raw = redis.call('GET', p..'entry:'..id)
  if not raw then
    redis.call('ZREM', q, id)
  elseif cjson.decode(raw).gatewayId == gw then
    redis.call('ZREM', q, id)
    redis.call('DEL', p..'entry:'..id)
    dropped[#dropped + 1] = id
  end
end
return dropped`;
