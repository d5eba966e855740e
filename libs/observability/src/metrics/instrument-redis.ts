import type { Redis } from 'ioredis';
import type { Metrics } from './metrics.js';

/** Times every command the client sends (by command name, never by key or value). */
export function instrumentRedis(redis: Redis, metrics: Metrics): void {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: Parameters<Redis['sendCommand']>[0], stream?: Parameters<Redis['sendCommand']>[1]) => {
    const stop = metrics.redisCommandDuration.startTimer({ command: command.name });
    const result = send(command, stream);
    command.promise.then(() => stop(), () => stop());
    return result;
  }) as Redis['sendCommand'];
}
