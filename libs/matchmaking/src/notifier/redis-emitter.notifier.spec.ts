import { describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { redisEmitterNotifier } from './redis-emitter.notifier.js';

describe('redisEmitterNotifier', () => {
  it('publishes notifications on the adapter channel of the guest room', async () => {
    const published: string[] = [];
    const redis = { publish: async (channel: string) => (published.push(channel), 1) } as unknown as Redis;
    redisEmitterNotifier(redis, 'rdv:socket.io').emit('guest-1', 'match:searching', {});
    expect(published).toEqual(['rdv:socket.io#/#guest:guest-1#']);
  });

  it('survives a publish that fails (Redis away, command timeout): no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const redis = { publish: () => Promise.reject(new Error('Command timed out')) } as unknown as Redis;
      const notifier = redisEmitterNotifier(redis, 'rdv:socket.io');
      notifier.emit('guest-1', 'match:searching', {});
      notifier.joinPair(['guest-1', 'guest-2'], 'pair-1');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
