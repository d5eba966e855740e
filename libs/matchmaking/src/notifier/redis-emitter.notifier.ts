import { Logger } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { BroadcastNotifier, type BroadcastSource } from './socket-server.notifier.js';

const logger = new Logger('RedisEmitterNotifier');

/** The only client method the emitter calls. */
type Publisher = Pick<Redis, 'publish'>;

/**
 * The emitter publishes without awaiting. Under overload a publish can outlive the client's command timeout;
 * its rejection is logged here instead of becoming an unhandled rejection that would end the process.
 */
export function guardedPublisher(redis: Publisher): Publisher {
  return {
    publish: ((channel: string | Buffer, message: string | Buffer) =>
      redis.publish(channel, message).catch((error: unknown) => {
        logger.warn(`notification not published: ${error instanceof Error ? error.message : String(error)}`);
        return 0;
      })) as Redis['publish'],
  };
}

/** For processes without sockets (the matchmaking app): reaches every gateway through the redis adapter's channels. */
export function redisEmitterNotifier(redis: Publisher, channelKey: string): BroadcastNotifier {
  const emitter = new Emitter(guardedPublisher(redis), { key: channelKey });
  return new BroadcastNotifier(() => emitter as unknown as BroadcastSource);
}
