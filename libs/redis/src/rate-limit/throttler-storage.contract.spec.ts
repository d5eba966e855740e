import { afterAll } from '@jest/globals';
import { eachTestRedis } from '../../../../test/support/test-redis.js';
import { InMemoryThrottlerStorage } from './in-memory-throttler.storage.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { throttlerStorageContract } from './throttler-storage.contract.js';

const memory: InMemoryThrottlerStorage[] = [];
afterAll(async () => {
  memory.forEach((storage) => storage.onModuleDestroy());
});

throttlerStorageContract('in-memory', () => {
  const storage = new InMemoryThrottlerStorage();
  memory.push(storage);
  return { storage, leftovers: async () => Array<string>(storage.size()).fill('window (ttl)') };
});

for (const redis of eachTestRedis()) throttlerStorageContract(redis.name, async () => {
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
