import { afterAll } from '@jest/globals';
import { TestRedis } from '../../../../test/support/test-redis.js';
import { InMemorySessionStore } from './in-memory-session.store.js';
import { RedisSessionStore } from './redis-session.store.js';
import { sessionStoreContract } from './session-store.contract.js';

const redis = new TestRedis();
const memoryStores: InMemorySessionStore[] = [];
afterAll(async () => {
  memoryStores.forEach((store) => store.onModuleDestroy());
  await redis.close();
});

sessionStoreContract('in-memory', () => {
  const store = new InMemorySessionStore();
  memoryStores.push(store);
  return store;
});
sessionStoreContract('redis', () => new RedisSessionStore(redis.client, redis.keys));
