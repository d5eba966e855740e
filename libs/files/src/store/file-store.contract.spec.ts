import { afterAll } from '@jest/globals';
import { TestRedis } from '../../../../test/support/test-redis.js';
import { fileStoreContract } from './file-store.contract.js';
import { FileKeys } from './file-keys.js';
import { InMemoryFileStore } from './in-memory-file.store.js';
import { RedisFileStore } from './redis-file.store.js';

const redis = new TestRedis();
afterAll(async () => {
  await redis.close();
});

fileStoreContract('in-memory', () => {
  const store = new InMemoryFileStore();
  return {
    store,
    leftovers: async () => {
      // No separate index record here: each pair holding files is one.
      const { files, pairs } = store.sizes();
      return [...Array<string>(files).fill('file'), ...Array<string>(pairs).fill('index')];
    },
  };
});

fileStoreContract('redis', async () => {
  await redis.flush();
  const keys = new FileKeys(redis.keys);
  return {
    store: new RedisFileStore(redis.client, redis.keys),
    leftovers: async () => {
      const kinds: string[] = [];
      for (const key of await redis.keysLeft()) {
        if (!key.startsWith(keys.pattern.slice(0, -1))) continue;
        const kind = key.includes('}:data:') ? 'file' : key.endsWith('}:index') ? 'index' : key;
        kinds.push((await redis.client.pttl(key)) > 0 ? kind : `${kind} (no TTL)`);
      }
      return kinds.sort();
    },
  };
});
