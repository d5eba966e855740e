import { describe, expect, it } from '@jest/globals';
import { createRedisClient } from '@rendezvous/redis';
import { freePort } from '../../../../test/support/free-port.js';
import { redisEmitterNotifier } from './redis-emitter.notifier.js';

describe('redisEmitterNotifier', () => {
  it('survives notifications published while Redis is away: no unhandled rejection ends the process', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const nobodyListens = createRedisClient(`redis://127.0.0.1:${await freePort()}`, 'emitter-test', { retryStrategy: () => null });
    nobodyListens.on('error', () => undefined);
    try {
      const notifier = redisEmitterNotifier(nobodyListens, 'rdv:socket.io');
      notifier.emit('guest-1', 'match:searching', {});
      notifier.joinPair('pair-1', 'guest-1', 'guest-2');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      nobodyListens.disconnect();
    }
  });
});
