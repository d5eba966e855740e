import type { RedisClient } from './create-redis-client.js';

export type ScriptRunner = (keys: string[], args: Array<string | number | Buffer>) => Promise<unknown>;

/**
 * Registers a Lua script on the client (sent once, then run by SHA) and returns a typed runner.
 * Scripts declare at least one key so Redis Cluster routes them to the slot they work in.
 */
export function defineScript(redis: RedisClient, name: string, numberOfKeys: number, lua: string): ScriptRunner {
  const command = `rdv_${name}`;
  redis.defineCommand(command, { numberOfKeys, lua });
  const run = (redis as unknown as Record<string, (...args: Array<string | number | Buffer>) => Promise<unknown>>)[command];
  return (keys, args) => run.call(redis, ...keys, ...args);
}
