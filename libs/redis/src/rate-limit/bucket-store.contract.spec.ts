import { afterAll } from '@jest/globals';
import { eachTestRedis } from '../../../../test/support/test-redis.js';
import { bucketStoreContract } from './bucket-store.contract.js';
import { InMemoryBucketStore } from './in-memory-bucket.store.js';
import { RedisBucketStore } from './redis-bucket.store.js';

const memory: InMemoryBucketStore[] = [];
afterAll(() => memory.forEach((store) => store.onModuleDestroy()));

bucketStoreContract('in-memory', () => {
  const store = new InMemoryBucketStore();
  memory.push(store);
  return { store, leftovers: async () => Array<string>(store.size()).fill('record') };
});

for (const redis of eachTestRedis()) bucketStoreContract(redis.name, async () => {
  await redis.flush();
  return {
    store: new RedisBucketStore(redis.client, redis.keys),
    leftovers: async () => {
      const kinds: string[] = [];
      for (const key of await redis.keysLeft()) kinds.push((await redis.client.pttl(key)) > 0 ? 'record' : 'record (no TTL)');
      return kinds;
    },
  };
});
