import { LUA_CLOCK, LUA_KEEP_FOR, LUA_SOCKET_RECORDS } from '../redis-lua.js';
import { ProbeLimits } from './probe-limits.js';
import { REQUEST_RECORD_TTL_MS } from './request-records.js';

/**
 * The Lua every queue script starts with: its keys, the records, the indexes and the partner search.
 * KEYS (MatchmakingKeys.queueKeys): records, ready, waiting, tags, pairs, gateways, sweep, gwguests — every
 * key a queue script touches. ARGV[1]: the prefix of the gateways' link channels.
 *
 * A waiting guest is its record `s:<guest>` (`R` or `W` + the entry JSON the caller sent) plus one member
 * in `ready` (no interests, or past the fallback) or `waiting` (interests, within the fallback), plus one
 * member per tag in `tags`. A partner is searched among the oldest few of each of the joiner's tags (and of
 * `ready` when the joiner takes anyone): the work of a step grows with its own interests, not with the queue.
 * in-memory-match.queue.ts follows the same steps in the same order.
 */
export const QUEUE_LUA = `
local RECORDS, READY, WAITING, TAGS, PAIRS, GATEWAYS, SWEEP, GWGUESTS = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local LINK = ARGV[1]
local WINDOW = ${ProbeLimits.window}
local REQUEST_TTL = ${REQUEST_RECORD_TTL_MS}
${LUA_CLOCK}
${LUA_KEEP_FOR}
${LUA_SOCKET_RECORDS}
local null = cjson.null

local function device(e)
  if e.deviceId == null or e.deviceId == nil then return nil end
  return e.deviceId
end
-- Its member in ready / waiting.
local function member(e)
  return e.guestId .. '\\t' .. (device(e) or '')
end
local function tagsOf(e)
  local seen, out = {}, {}
  for _, tag in ipairs(e.interests) do
    if not seen[tag] then
      seen[tag] = true
      out[#out + 1] = tag
    end
  end
  return out
end
local function tagMember(tag, e)
  return tag .. '\\t' .. string.format('%015d', e.joinedAt) .. '\\t' .. member(e)
end

-- 'alive', 'dead' (no heartbeat, or an expired one), or 'unlinked' (its process is gone: the sharded link
-- subscription it holds dropped, though the heartbeat lasts). Read once per gateway and script run.
local gatewayStates = {}
local function gatewayState(gw)
  local known = gatewayStates[gw]
  if known then return known end
  local state = 'dead'
  local beat = redis.call('HGET', GATEWAYS, gw)
  if beat then
    local aliveUntil, linked = string.match(beat, '^(%d+)|%d+|(%d)$')
    if aliveUntil and tonumber(aliveUntil) > clock then
      state = 'alive'
      if linked == '1' and redis.call('PUBSUB', 'SHARDNUMSUB', LINK .. gw)[2] == 0 then state = 'unlinked' end
    end
  end
  gatewayStates[gw] = state
  return state
end

-- Takes a waiting entry out of its indexes (its record is the caller's to overwrite or delete).
local function unqueue(e, kind)
  redis.call('ZREM', kind == 'R' and READY or WAITING, member(e))
  local tags = tagsOf(e)
  if #tags > 0 then
    local members = {}
    for i, tag in ipairs(tags) do members[i] = tagMember(tag, e) end
    redis.call('ZREM', TAGS, unpack(members))
  end
end
local function drop(e, kind)
  unqueue(e, kind)
  redis.call('HDEL', RECORDS, 's:' .. e.guestId)
end
-- Puts an entry in its indexes; returns its record.
local function enqueue(e, raw, ready)
  redis.call('ZADD', ready and READY or WAITING, e.joinedAt, member(e))
  local tags = tagsOf(e)
  if #tags > 0 then
    local args = {}
    for _, tag in ipairs(tags) do
      args[#args + 1] = 0
      args[#args + 1] = tagMember(tag, e)
    end
    redis.call('ZADD', TAGS, unpack(args))
  end
  return (ready and 'R' or 'W') .. raw
end

-- A pairing's record, the same for both guests.
local function pairRecord(pairId, rawA, rawB, ttl)
  return 'P{"pairId":"' .. pairId .. '","expiresAt":' .. string.format('%d', clock + ttl) .. ',"initiator":' .. rawA .. ',"other":' .. rawB .. '}'
end
local function pairLive(record)
  local expiresAt = string.match(record, '"expiresAt":(%d+)')
  return expiresAt ~= nil and tonumber(expiresAt) > clock
end
-- Ends the guest's pairing for both sides (given its record): the decoded pairing, or nil when there
-- was none (or it had expired, or another caller ended it first).
local function unpair(guest, record)
  if not record or string.sub(record, 1, 1) ~= 'P' then return nil end
  local pr = cjson.decode(string.sub(record, 2))
  local partner = pr.initiator.guestId == guest and pr.other.guestId or pr.initiator.guestId
  local theirs = redis.call('HGET', RECORDS, 's:' .. partner)
  local gone = {'s:' .. guest}
  if theirs and string.sub(theirs, 1, 1) == 'P' and string.match(theirs, '"pairId":"([^"]*)"') == pr.pairId then gone[2] = 's:' .. partner end
  redis.call('HDEL', RECORDS, unpack(gone))
  redis.call('ZREM', PAIRS, pr.pairId)
  if pr.expiresAt <= clock then return nil end
  return pr
end

-- Mirrors blockIdentities in block-identities.ts.
local function identities(e)
  local out = {'g:' .. e.guestId}
  local d = device(e)
  if d then out[2] = 'd:' .. d end
  return out
end

-- A waiting guest found as member m of index, from its state and socket records: its entry, raw JSON and
-- kind when it may be handed out now, else nil (a member left behind, or a guest gone or on a dead gateway,
-- is dropped on the way; one whose gateway's link is down is left for the gateway's drop).
local function waitingEntry(state, socket, index, m)
  local kind = state and string.sub(state, 1, 1)
  if kind ~= 'R' and kind ~= 'W' then
    redis.call('ZREM', index, m)
    return nil
  end
  local raw = string.sub(state, 2)
  local e = cjson.decode(raw)
  local gw = gatewayState(e.gatewayId)
  if not liveSocket(socket) or gw == 'dead' then
    drop(e, kind)
    return nil
  end
  if gw == 'unlinked' then return nil end
  return e, raw, kind
end

-- A candidate read from an index: {id, dev, at, index, member}. Its entry when it may be paired with
-- me now; nil when not (a member left behind or a guest gone is dropped on the way).
local function check(me, myIds, c)
  local mine = device(me)
  if c.id == me.guestId or (mine and c.dev == mine) then return nil end
  local fields = {'s:' .. c.id, 'c:' .. c.id, 'a:' .. me.guestId .. '|' .. c.id}
  local theirs = {'g:' .. c.id}
  if c.dev ~= '' then theirs[2] = 'd:' .. c.dev end
  for _, x in ipairs(myIds) do
    for _, y in ipairs(theirs) do fields[#fields + 1] = 'b:' .. x .. '|' .. y end
  end
  local v = redis.call('HMGET', RECORDS, unpack(fields))
  local e, raw, kind = waitingEntry(v[1], v[2], c.index, c.member)
  if not e then return nil end
  for k = 3, #fields do
    if v[k] and tonumber(v[k]) > clock then return nil end
  end
  return e, raw, kind
end

-- A window read from an index, oldest first: its members (with their scores for ready / waiting, the join
-- time inside the member for tags), read one by one as the merge below takes them.
local function window(index, items, scored)
  return {index = index, items = items, scored = scored, pos = 1}
end
-- The join time of a window's next member, or nil when it has none left.
local function headAt(w)
  local m = w.items[w.pos]
  if not m then return nil end
  if w.scored then return tonumber(w.items[w.pos + 1]) end
  return tonumber(string.match(m, '^[^\\t]*\\t(%d+)\\t'))
end
-- Takes a window's next member as a candidate {id, dev, at, index, member}.
local function take(w, at)
  local m = w.items[w.pos]
  w.pos = w.pos + (w.scored and 2 or 1)
  local id, dev
  if w.scored then id, dev = string.match(m, '^([^\\t]*)\\t(.*)$') else id, dev = string.match(m, '^[^\\t]*\\t%d+\\t([^\\t]*)\\t(.*)$') end
  return {id = id, dev = dev, at = at, index = w.index, member = m}
end
-- Whether any guest with interests has waited past dueBy (the sweep has not made it ready yet); read once per run.
local anyDue = nil
local function dueSince(dueBy)
  if anyDue == nil then
    local oldest = redis.call('ZRANGE', WAITING, 0, 0, 'WITHSCORES')
    anyDue = #oldest > 0 and tonumber(oldest[2]) <= dueBy
  end
  return anyDue
end

-- The first candidate of the windows, merged by join time (a tie goes to the window read first), that may
-- be paired with me; at most budget.left candidates are checked. Its entry, raw JSON and kind, or nil.
local function firstOf(me, myIds, tried, windows, budget)
  local heads = {}
  for i, w in ipairs(windows) do heads[i] = headAt(w) end
  while budget.left > 0 do
    local best = nil
    for i = 1, #windows do
      if heads[i] and (not best or heads[i] < heads[best]) then best = i end
    end
    if not best then return nil end
    local c = take(windows[best], heads[best])
    heads[best] = headAt(windows[best])
    if not tried[c.id] then
      tried[c.id] = true
      budget.left = budget.left - 1
      local e, raw, kind = check(me, myIds, c)
      if e then return e, raw, kind end
    end
  end
  return nil
end
-- The oldest guest that may be paired with me: first among those sharing one of my tags (unless
-- readyOnly), then, when anyone will do for me (ready), among the ready ones and (given dueBy) those with
-- interests that joined at dueBy or before, past their fallback.
local function findPartner(me, ready, readyOnly, budget, dueBy)
  local myIds = identities(me)
  local tried = {[me.guestId] = true}
  if not readyOnly then
    local tags = tagsOf(me)
    if #tags > 0 then
      local windows = {}
      for i, tag in ipairs(tags) do windows[i] = window(TAGS, redis.call('ZRANGEBYLEX', TAGS, '[' .. tag .. '\\t', '(' .. tag .. '\\n', 'LIMIT', 0, WINDOW), false) end
      local e, raw, kind = firstOf(me, myIds, tried, windows, budget)
      if e then return e, raw, kind end
    end
  end
  if ready then
    local windows = {window(READY, redis.call('ZRANGE', READY, 0, WINDOW - 1, 'WITHSCORES'), true)}
    if dueBy and dueSince(dueBy) then
      windows[2] = window(WAITING, redis.call('ZRANGEBYSCORE', WAITING, '-inf', dueBy, 'WITHSCORES', 'LIMIT', 0, WINDOW), true)
    end
    return firstOf(me, myIds, tried, windows, budget)
  end
  return nil
end

-- Request-id guard (the bus delivers at least once; see MatchQueue): a guest's last request id of each
-- step ('join', 'end', 'block') and what it did, in its record r:<guest> {u: expiry, <step>: 'id|outcome'}.
local function requestRecord(raw)
  if raw then
    local r = cjson.decode(raw)
    if r.u and r.u > clock then return r end
  end
  return {}
end
local function replayed(r, step, rid)
  if rid == nil or rid == '' then return nil end
  local seen = r[step]
  if seen and string.sub(seen, 1, #rid + 1) == rid .. '|' then return string.sub(seen, #rid + 2) end
  return nil
end
-- The record to write, or nil for a request without an id.
local function remembered(r, step, rid, outcome)
  if rid == nil or rid == '' then return nil end
  r[step] = rid .. '|' .. outcome
  r.u = clock + REQUEST_TTL
  return cjson.encode(r)
end
`;
