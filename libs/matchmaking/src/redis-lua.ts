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
