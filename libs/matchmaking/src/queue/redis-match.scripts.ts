import { ProbeLimits } from './probe-limits.js';
import { QUEUE_LUA } from './redis-queue.lua.js';

/**
 * The Redis queue's scripts: each runs atomically in one round trip, declares every key it touches
 * (MatchmakingKeys.queueKeys, all in the `{mm}` slot) and does a bounded amount of work (ProbeLimits).
 * ARGV[1] is always the gateways' link channel prefix (see QUEUE_LUA).
 */

/**
 * Joins in order, each as if alone (a joiner may pair with one queued earlier in the same call).
 * ARGV: linkPrefix, now, fallbackMs, pairTtlMs, then entryJson, pairId, requestId, socketId for each joiner
 * → flat list, per joiner: 'paired' | 'queued' | 'matched' | 'gone' | 'duplicate', then the partner's entry JSON ('' unless matched).
 */
export const JOIN_MANY_SCRIPT = `${QUEUE_LUA}
local now, fallback, pairTtl = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
-- Whether the joiner's socket is open. Given the socket the join came from, it must be the guest's current
-- one, recorded again when its record is missing (Redis lost it since the connect); a closed one, or an
-- older one of the guest, is not. Without one: whether the guest has an open socket.
local function joinerSocket(me, socket, record, writes)
  record = socketRecord(record)
  if socket == '' then return liveSocket(record) end
  if record then return record == me.gatewayId .. '|' .. socket end
  redis.call('ZADD', GWGUESTS, 0, me.gatewayId .. '\\t' .. me.guestId)
  writes[#writes + 1] = 'c:' .. me.guestId
  writes[#writes + 1] = me.gatewayId .. '|' .. socket
  return true
end
-- status, partner JSON; the record fields to write go to writes
local function attempt(me, raw, pairId, state, socket, connection, writes)
  local id = me.guestId
  local kind = state and string.sub(state, 1, 1)
  if kind == 'P' and pairLive(state) then return 'paired', '' end
  if kind == 'R' or kind == 'W' then unqueue(cjson.decode(string.sub(state, 2)), kind) end
  if not joinerSocket(me, socket, connection, writes) then
    if kind then redis.call('HDEL', RECORDS, 's:' .. id) end
    return 'gone', ''
  end
  local ready = #me.interests == 0 or now - me.joinedAt >= fallback
  -- a joiner whose gateway is not alive is queued like any other entry (and dropped when found), never paired
  if gatewayState(me.gatewayId) == 'alive' then
    local partner, rawPartner, partnerKind = findPartner(me, ready, false, {left = ${ProbeLimits.checksPerJoin}}, now - fallback)
    if partner then
      unqueue(partner, partnerKind)
      redis.call('ZADD', PAIRS, now + pairTtl, pairId)
      local record = pairRecord(pairId, raw, rawPartner, pairTtl)
      for _, w in ipairs({'s:' .. id, record, 's:' .. partner.guestId, record}) do writes[#writes + 1] = w end
      return 'matched', rawPartner
    end
  end
  writes[#writes + 1] = 's:' .. id
  writes[#writes + 1] = enqueue(me, raw, ready)
  return 'queued', ''
end
local out = {}
for i = 5, #ARGV, 4 do
  local raw, pairId, rid, socket = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local me = cjson.decode(raw)
  local id = me.guestId
  local v = redis.call('HMGET', RECORDS, 'r:' .. id, 's:' .. id, 'c:' .. id)
  local r = requestRecord(v[1])
  if replayed(r, 'join', rid) then
    out[#out + 1] = 'duplicate'
    out[#out + 1] = ''
  else
    local writes = {}
    local status, partner = attempt(me, raw, pairId, v[2], socket, v[3], writes)
    local record = remembered(r, 'join', rid, status)
    if record then
      writes[#writes + 1] = 'r:' .. id
      writes[#writes + 1] = record
    end
    if #writes > 0 then redis.call('HSET', RECORDS, unpack(writes)) end
    out[#out + 1] = status
    out[#out + 1] = partner
  end
end
return out`;

/**
 * One incremental sweep: guests with interests past their fallback are paired with a ready guest or made
 * ready (the oldest few), a moving window of ready guests tries again (an avoidance may have run out),
 * a slice of the records is checked for expiry, and the keys' own lifetime is renewed.
 * ARGV: linkPrefix, now, fallbackMs, pairIdSeed, pairTtlMs, keyTtlMs → flat list of pairId, rawInitiator, rawOther
 */
export const SWEEP_SCRIPT = `${QUEUE_LUA}
local now, fallback, seed, pairTtl, keyTtl = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local budget = {left = ${ProbeLimits.checksPerSweep}}
local out = {}
local function pairUp(a, rawA, kindA, b, rawB, kindB)
  unqueue(a, kindA)
  unqueue(b, kindB)
  local pairId = seed .. '-' .. (#out / 3 + 1)
  local record = pairRecord(pairId, rawA, rawB, pairTtl)
  redis.call('HSET', RECORDS, 's:' .. a.guestId, record, 's:' .. b.guestId, record)
  redis.call('ZADD', PAIRS, now + pairTtl, pairId)
  out[#out + 1] = pairId
  out[#out + 1] = rawA
  out[#out + 1] = rawB
end
-- A member of ready or waiting: its entry when it may be paired now (see waitingEntry).
local function waitingGuest(index, m)
  budget.left = budget.left - 1
  local id = string.match(m, '^([^\\t]*)')
  local v = redis.call('HMGET', RECORDS, 's:' .. id, 'c:' .. id)
  return waitingEntry(v[1], v[2], index, m)
end

for _, m in ipairs(redis.call('ZRANGEBYSCORE', WAITING, '-inf', now - fallback, 'LIMIT', 0, ${ProbeLimits.promotions})) do
  if budget.left <= 0 then break end
  local e, raw, kind = waitingGuest(WAITING, m)
  if e then
    local partner, rawPartner, partnerKind = findPartner(e, true, true, budget)
    if partner then
      pairUp(e, raw, kind, partner, rawPartner, partnerKind)
    else
      redis.call('ZREM', WAITING, m)
      redis.call('ZADD', READY, e.joinedAt, m)
      redis.call('HSET', RECORDS, 's:' .. e.guestId, 'R' .. raw)
    end
  end
end

local progress = redis.call('HMGET', SWEEP, 'ready', 'records')
local start = tonumber(progress[1] or '0')
if start >= redis.call('ZCARD', READY) then start = 0 end
local window = redis.call('ZRANGE', READY, start, start + ${ProbeLimits.reprobes} - 1)
for _, m in ipairs(window) do
  if budget.left <= 0 then break end
  local e, raw, kind = waitingGuest(READY, m)
  if e then
    local partner, rawPartner, partnerKind = findPartner(e, true, true, budget)
    if partner then pairUp(e, raw, kind, partner, rawPartner, partnerKind) end
  end
end

local scan = redis.call('HSCAN', RECORDS, progress[2] or '0', 'COUNT', ${ProbeLimits.prune})
local expired = {}
for i = 1, #scan[2], 2 do
  local field, value = scan[2][i], scan[2][i + 1]
  local kind = string.sub(field, 1, 1)
  if (kind == 'r' and (cjson.decode(value).u or 0) <= clock)
    or ((kind == 'a' or kind == 'b') and tonumber(value) <= clock)
    or (kind == 's' and string.sub(value, 1, 1) == 'P' and not pairLive(value))
    or (kind == 'c' and not socketRecord(value)) then
    expired[#expired + 1] = field
  end
end
if #expired > 0 then redis.call('HDEL', RECORDS, unpack(expired)) end
redis.call('HSET', SWEEP, 'ready', start + #window, 'records', scan[1])
redis.call('ZREMRANGEBYSCORE', PAIRS, '-inf', now)
for _, key in ipairs(KEYS) do keepFor(key, keyTtl) end
return out`;

/** ARGV: linkPrefix, guestId → 1 when it was waiting (and no longer is), else 0 */
export const LEAVE_SCRIPT = `${QUEUE_LUA}
local state = redis.call('HGET', RECORDS, 's:' .. ARGV[2])
local kind = state and string.sub(state, 1, 1)
if kind ~= 'R' and kind ~= 'W' then return 0 end
drop(cjson.decode(string.sub(state, 2)), kind)
return 1`;

/**
 * Ends the guest's pairing for both sides, then keeps the two apart for ms: by guest id when avoiding
 * (ARGV[5] 'avoid'), by guest id and device both ways when blocking ('block').
 * ARGV: linkPrefix, guestId, ms, requestId, 'avoid' | 'block'
 * → nil | {pairId, initiatorId, otherId} | {'duplicate', '1' | '0' (whether it ended one)}
 */
export const END_PAIR_SCRIPT = `${QUEUE_LUA}
local guest, ms, rid, how = ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local step = how == 'block' and 'block' or 'end'
local v = redis.call('HMGET', RECORDS, 'r:' .. guest, 's:' .. guest)
local r = requestRecord(v[1])
local seen = replayed(r, step, rid)
if seen then return {'duplicate', seen} end
local pr = unpair(guest, v[2])
local writes = {}
local result = nil
if pr then
  local a, b = pr.initiator, pr.other
  if ms > 0 then
    local untilMs = string.format('%d', clock + ms)
    if how == 'block' then
      for _, x in ipairs(identities(a)) do
        for _, y in ipairs(identities(b)) do
          for _, field in ipairs({'b:' .. x .. '|' .. y, 'b:' .. y .. '|' .. x}) do
            writes[#writes + 1] = field
            writes[#writes + 1] = untilMs
          end
        end
      end
    else
      for _, field in ipairs({'a:' .. a.guestId .. '|' .. b.guestId, 'a:' .. b.guestId .. '|' .. a.guestId}) do
        writes[#writes + 1] = field
        writes[#writes + 1] = untilMs
      end
    end
    keepFor(RECORDS, ms)
  end
  result = {pr.pairId, a.guestId, b.guestId}
end
local record = remembered(r, step, rid, pr and '1' or '0')
if record then
  writes[#writes + 1] = 'r:' .. guest
  writes[#writes + 1] = record
end
if #writes > 0 then redis.call('HSET', RECORDS, unpack(writes)) end
return result`;

/** ARGV: linkPrefix, guestA, guestB, ms (0 = forget) */
export const AVOID_SCRIPT = `${QUEUE_LUA}
local a, b, ms = ARGV[2], ARGV[3], tonumber(ARGV[4])
local fields = {'a:' .. a .. '|' .. b, 'a:' .. b .. '|' .. a}
if ms <= 0 then
  redis.call('HDEL', RECORDS, unpack(fields))
  return 0
end
local untilMs = string.format('%d', clock + ms)
redis.call('HSET', RECORDS, fields[1], untilMs, fields[2], untilMs)
keepFor(RECORDS, ms)
return 1`;
