import { CLOSED_SOCKET_MS, LUA_CLOCK, LUA_KEEP_FOR } from '../redis-lua.js';

/**
 * Presence scripts. KEYS (MatchmakingKeys.presenceKeys): records, gateways, gwguests — every key they touch,
 * all in the `{mm}` slot. A guest's live socket is the record `c:<guest>` = `<gateway>|<socket>` plus the
 * member `<gateway>\t<guest>` of gwguests (a closed one leaves the marker `~<socket>|<until>`, see
 * LUA_SOCKET_RECORDS); a gateway's heartbeat is its field in gateways.
 */
const PRESENCE_LUA = `
local RECORDS, GATEWAYS, GWGUESTS = KEYS[1], KEYS[2], KEYS[3]
${LUA_CLOCK}
${LUA_KEEP_FOR}
`;

/** A dead gateway's records outlive its heartbeat by this factor, so a sweeper can still find its guests. */
export const GUEST_LIST_TTL_FACTOR = 10;

/** ARGV: gatewayId, online, ttlMs, linked (1 | 0) */
export const HEARTBEAT = `${PRESENCE_LUA}
local gw, online, ttl, linked = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
redis.call('HSET', GATEWAYS, gw, string.format('%d', clock + ttl) .. '|' .. online .. '|' .. linked)
for _, key in ipairs(KEYS) do keepFor(key, ttl * ${GUEST_LIST_TTL_FACTOR}) end
return 1`;

/** ARGV: gatewayId ('' for all) → {clock, HGET or HGETALL of gateways} */
export const GATEWAY_BEATS = `${PRESENCE_LUA}
if ARGV[1] ~= '' then return {clock, redis.call('HGET', GATEWAYS, ARGV[1])} end
return {clock, redis.call('HGETALL', GATEWAYS)}`;

/** ARGV: guestId, gatewayId, socketId */
export const ATTACH = `${PRESENCE_LUA}
local guest, gw, socket = ARGV[1], ARGV[2], ARGV[3]
local old = redis.call('HGET', RECORDS, 'c:' .. guest)
if old and string.sub(old, 1, 1) ~= '~' then
  local oldGw = string.match(old, '^(.*)|')
  if oldGw ~= gw then redis.call('ZREM', GWGUESTS, oldGw .. '\\t' .. guest) end
end
redis.call('HSET', RECORDS, 'c:' .. guest, gw .. '|' .. socket)
redis.call('ZADD', GWGUESTS, 0, gw .. '\\t' .. guest)
return 1`;

/** ARGV: guestId, socketId → 1 when it was the guest's current socket (and is now marked closed), else 0 */
export const DETACH = `${PRESENCE_LUA}
local guest, socket = ARGV[1], ARGV[2]
local current = redis.call('HGET', RECORDS, 'c:' .. guest)
if not current or string.sub(current, 1, 1) == '~' then return 0 end
local gw, currentSocket = string.match(current, '^(.*)|(.*)$')
if currentSocket ~= socket then return 0 end
redis.call('HSET', RECORDS, 'c:' .. guest, '~' .. socket .. '|' .. string.format('%d', clock + ${CLOSED_SOCKET_MS}))
redis.call('ZREM', GWGUESTS, gw .. '\\t' .. guest)
return 1`;

/**
 * Forgets up to `limit` guests of a gateway (their socket records, unless they moved to another gateway),
 * then, once none is left, the gateway's heartbeat. ARGV: gatewayId, limit → {1 | 0 (done), guestIds whose socket was there}
 */
export const FORGET_GATEWAY = `${PRESENCE_LUA}
local gw, limit = ARGV[1], tonumber(ARGV[2])
local members = redis.call('ZRANGEBYLEX', GWGUESTS, '[' .. gw .. '\\t', '(' .. gw .. '\\n', 'LIMIT', 0, limit)
local gone = {}
for _, m in ipairs(members) do
  local guest = string.sub(m, #gw + 2)
  local current = redis.call('HGET', RECORDS, 'c:' .. guest)
  if current and string.match(current, '^(.*)|') == gw then
    redis.call('HDEL', RECORDS, 'c:' .. guest)
    gone[#gone + 1] = guest
  end
end
if #members > 0 then redis.call('ZREM', GWGUESTS, unpack(members)) end
local done = #members < limit
if done then redis.call('HDEL', GATEWAYS, gw) end
return {done and 1 or 0, gone}`;

/** KEYS: grace, quiet. ARGV: now → the guests whose grace ran out (at most 500), taken out */
export const TAKE_EXPIRED_GRACE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
if #due > 0 then
  redis.call('ZREM', KEYS[1], unpack(due))
  redis.call('ZREM', KEYS[2], unpack(due))
end
return due`;

/** KEYS: grace, quiet. ARGV: guest, deadline, quietSince ('' = the partner is told now) → 0 when a grace had already started. */
export const START_GRACE = `
if redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1]) == 0 then return 0 end
if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1]) end
return 1`;

/** KEYS: grace, quiet. ARGV: guest → 0 no grace, 1 announced, 2 quiet. */
export const CANCEL_GRACE = `
local quiet = redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
if quiet == 1 then return 2 end
return 1`;

/** KEYS: quiet. ARGV: since. */
export const TAKE_QUIET = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end
return due`;
