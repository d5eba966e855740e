import { afterAll } from '@jest/globals';
import { eachTestRedis } from '../../../../test/support/test-redis.js';
import { InMemorySessionStore } from './in-memory-session.store.js';
import { RedisSessionStore } from './redis-session.store.js';
import { sessionStoreContract } from './session-store.contract.js';

const memoryStores: InMemorySessionStore[] = [];
afterAll(() => memoryStores.forEach((store) => store.onModuleDestroy()));

sessionStoreContract('in-memory', () => {
  const store = new InMemorySessionStore();
  memoryStores.push(store);
  return store;
});
for (const redis of eachTestRedis()) sessionStoreContract(redis.name, () => new RedisSessionStore(redis.client, redis.keys));
