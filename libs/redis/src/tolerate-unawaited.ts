import type { Cluster, Redis } from 'ioredis';

/** Commands libraries send without awaiting (socket.io's redis adapter and emitter). */
const FIRE_AND_FORGET = ['publish', 'subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe', 'spublish', 'ssubscribe', 'sunsubscribe'] as const;

/**
 * A publish or unsubscribe sent while Redis is away fails once ioredis gives up on it; when the library
 * that sent it dropped the promise, that is an unhandled rejection, and Node ends the process. This marks
 * those promises handled; whoever awaits one still gets its error.
 */
export function tolerateUnawaited<T extends Redis | Cluster>(client: T): T {
  const commands = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of FIRE_AND_FORGET) {
    const send = commands[name].bind(client);
    commands[name] = (...args: unknown[]) => {
      const result = send(...args);
      if (result instanceof Promise) result.catch(() => undefined);
      return result;
    };
  }
  return client;
}
