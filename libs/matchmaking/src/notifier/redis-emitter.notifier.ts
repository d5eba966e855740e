import { Emitter } from '@socket.io/redis-emitter';
import type { RedisClient } from '@rendezvous/redis';
import { ShardedEmitter } from './sharded-emitter.js';
import { BroadcastNotifier, type BroadcastSource } from './socket-server.notifier.js';

/**
 * For processes without sockets (the matchmaking app): reaches every gateway through the redis adapter's
 * channels, the classic adapter's (PUBLISH) or, with `sharded`, the sharded adapter's (SPUBLISH).
 */
export function redisEmitterNotifier(redis: RedisClient, channelKey: string, sharded = false): BroadcastNotifier {
  const emitter = sharded ? new ShardedEmitter(redis, channelKey) : new Emitter(redis, { key: channelKey });
  return new BroadcastNotifier(() => emitter as unknown as BroadcastSource);
}
