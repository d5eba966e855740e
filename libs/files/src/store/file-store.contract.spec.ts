import { eachTestRedis } from '../../../../test/support/test-redis.js';
import { fileStoreContract } from './file-store.contract.js';
import { FileKeys } from './file-keys.js';
import { InMemoryFileStore } from './in-memory-file.store.js';
import { RedisFileStore } from './redis-file.store.js';

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

for (const redis of eachTestRedis()) fileStoreContract(redis.name, async () => {
  await redis.flush();
  const keys = new FileKeys(redis.keys);
  const budget = keys.usage;
  return {
    store: new RedisFileStore(redis.client, redis.keys),
    leftovers: async () => {
      const kinds: string[] = [];
      for (const key of await redis.keysLeft()) {
        // The budget's own records (with a TTL) live as long as they list a file; they are checked apart.
        if (budget.includes(key)) {
          if ((await redis.client.pttl(key)) <= 0) kinds.push(`${key} (no TTL)`);
          continue;
        }
        if (!key.startsWith(keys.pattern.slice(0, -1))) continue;
        // A file is two records (meta and bytes); it counts once, as 'file'.
        if (key.includes('}:data:')) {
          if ((await redis.client.pttl(key)) <= 0) kinds.push('file bytes (no TTL)');
          continue;
        }
        const kind = key.includes('}:meta:') ? 'file' : key.endsWith('}:index') ? 'index' : key;
        kinds.push((await redis.client.pttl(key)) > 0 ? kind : `${kind} (no TTL)`);
      }
      return kinds.sort();
    },
  };
});
