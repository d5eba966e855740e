/**
 * Lua shared by the matchmaking and presence scripts. Times that decide expiry (heartbeats,
 * avoidances, blocks, request records) are read from Redis's own clock, so no two hosts' clocks are
 * ever compared.
 */

/** `clock`: Redis's time in epoch ms. */
export const LUA_CLOCK = `
local clockReply = redis.call('TIME')
local clock = tonumber(clockReply[1]) * 1000 + math.floor(tonumber(clockReply[2]) / 1000)
`;

/**
 * `keepFor(key, ms)`: the key lives at least `ms` more (never less than it already would). What
 * varies per guest lives in fields of a few fixed keys, so the keys themselves expire only when
 * nobody has renewed them for that long (all gateways and matchmaking replicas gone).
 */
export const LUA_KEEP_FOR = `
local function keepFor(key, ms)
  redis.call('PEXPIRE', key, ms, 'NX')
  redis.call('PEXPIRE', key, ms, 'GT')
end
`;

/**
 * A guest's socket record `c:<guest>`: `<gateway>|<socket>` while the socket is open; `~<socket>|<until>`
 * for CLOSED_SOCKET_MS after its gateway detached it, so that a join still on its way from that socket is
 * refused rather than taken for a record Redis lost. `liveSocket(value)`: whether it is an open socket's;
 * `socketRecord(value)`: the value, or nil once a closed marker has run out.
 */
export const LUA_SOCKET_RECORDS = `
local function liveSocket(value)
  return value and string.sub(value, 1, 1) ~= '~'
end
local function socketRecord(value)
  if value and string.sub(value, 1, 1) == '~' and tonumber(string.match(value, '|(%d+)$')) <= clock then return nil end
  return value
end
`;

/** How long a closed socket's marker stays (longer than a join or next may wait for matchmaking, 6 bus deadlines). */
export const CLOSED_SOCKET_MS = 60_000;
