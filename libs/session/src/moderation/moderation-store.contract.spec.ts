import { afterAll } from '@jest/globals';
import { eachTestRedis } from '../../../../test/support/test-redis.js';
import { InMemoryModerationStore } from './in-memory-moderation.store.js';
import { moderationStoreContract } from './moderation-store.contract.js';
import { RedisModerationStore } from './redis-moderation.store.js';

const memory: InMemoryModerationStore[] = [];
afterAll(async () => {
  memory.forEach((store) => store.onModuleDestroy());
});

moderationStoreContract('in-memory', () => {
  const store = new InMemoryModerationStore();
  memory.push(store);
  return { store, leftovers: async () => Array<string>(store.size()).fill('record') };
});

for (const redis of eachTestRedis()) moderationStoreContract(redis.name, async () => {
  await redis.flush();
  return {
    store: new RedisModerationStore(redis.client, redis.keys),
    leftovers: async () => {
      const kinds: string[] = [];
      for (const key of await redis.keysLeft()) {
        const kind = key.includes(':ban:') ? 'ban' : key.includes(':bannedat:') ? 'banned devices' : 'reports';
        kinds.push((await redis.client.pttl(key)) > 0 ? kind : `${kind} (no TTL)`);
      }
      return kinds;
    },
  };
});
