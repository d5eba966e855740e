import { afterAll } from '@jest/globals';
import { TestRedis } from '../../../../test/support/test-redis.js';
import { InMemoryThrottlerStorage } from './in-memory-throttler.storage.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { throttlerStorageContract } from './throttler-storage.contract.js';

const redis = new TestRedis();
const memory: InMemoryThrottlerStorage[] = [];
afterAll(async () => {
  memory.forEach((storage) => storage.onModuleDestroy());
  await redis.close();
});

throttlerStorageContract('in-memory', () => {
  const storage = new InMemoryThrottlerStorage();
  memory.push(storage);
  return { storage, leftovers: async () => Array<string>(storage.size()).fill('window (ttl)') };
});

throttlerStorageContract('redis', async () => {
  await redis.flush();
  return {
    storage: new RedisThrottlerStorage(redis.client, redis.keys),
    leftovers: async () => {
      const kinds: string[] = [];
      for (const key of await redis.keysLeft()) kinds.push(`${key.split(':').pop()} (${(await redis.client.pttl(key)) > 0 ? 'ttl' : 'no TTL'})`);
      return kinds;
    },
  };
});
