import { afterAll } from '@jest/globals';
import { TestRedis } from '../../../../test/support/test-redis.js';
import { bucketStoreContract } from './bucket-store.contract.js';
import { InMemoryBucketStore } from './in-memory-bucket.store.js';
import { RedisBucketStore } from './redis-bucket.store.js';

const redis = new TestRedis();
const memory: InMemoryBucketStore[] = [];
afterAll(async () => {
  memory.forEach((store) => store.onModuleDestroy());
  await redis.close();
});

bucketStoreContract('in-memory', () => {
  const store = new InMemoryBucketStore();
  memory.push(store);
  return { store, leftovers: async () => Array<string>(store.size()).fill('record') };
});

bucketStoreContract('redis', async () => {
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
