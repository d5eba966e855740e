import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { BroadcastNotifier, type BroadcastSource } from './socket-server.notifier.js';

/** For processes without sockets (the matchmaking app): reaches every gateway through the redis adapter's channels. */
export function redisEmitterNotifier(redis: Redis, channelKey: string): BroadcastNotifier {
  const emitter = new Emitter(redis, { key: channelKey });
  return new BroadcastNotifier(() => emitter as unknown as BroadcastSource);
}
