import type { RedisClient } from './create-redis-client.js';

export type ScriptRunner = (keys: string[], args: Array<string | number | Buffer>) => Promise<unknown>;

/**
 * Registers a Lua script on the client (sent once, then run by SHA) and returns a typed runner.
 * Scripts declare every key they touch (all of one hash tag), so Redis Cluster routes them to that slot.
 * `numberOfKeys` 'variable': as many keys as each run is given.
 */
export function defineScript(redis: RedisClient, name: string, numberOfKeys: number | 'variable', lua: string): ScriptRunner {
  const command = `rdv_${name}`;
  redis.defineCommand(command, numberOfKeys === 'variable' ? { lua } : { numberOfKeys, lua });
  const run = (redis as unknown as Record<string, (...args: Array<string | number | Buffer>) => Promise<unknown>>)[command];
  if (numberOfKeys === 'variable') return (keys, args) => run.call(redis, keys.length, ...keys, ...args);
  return (keys, args) => run.call(redis, ...keys, ...args);
}
