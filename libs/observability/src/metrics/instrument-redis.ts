import type { Cluster, Redis } from 'ioredis';
import type { Metrics } from './metrics.js';

type SendCommand = (command: Parameters<Redis['sendCommand']>[0], ...rest: unknown[]) => unknown;

/** Times every command the client sends (by command name, never by key or value); one Redis or a cluster client. */
export function instrumentRedis(redis: Redis | Cluster, metrics: Metrics): void {
  const client = redis as unknown as { sendCommand: SendCommand };
  const send = client.sendCommand.bind(redis);
  // Every argument passes through: a cluster client's third one is the node a redirected command goes to.
  client.sendCommand = (command, ...rest) => {
    const stop = metrics.redisCommandDuration.startTimer({ command: command.name });
    const result = send(command, ...rest);
    command.promise.then(() => stop(), () => stop());
    return result;
  };
}
