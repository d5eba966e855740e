import { afterAll } from '@jest/globals';
import { TestRedis } from '../../../../test/support/test-redis.js';
import { InMemoryPresenceRegistry } from './in-memory-presence.registry.js';
import { presenceRegistryContract } from './presence-registry.contract.js';
import { RedisPresenceRegistry } from './redis-presence.registry.js';

const redis = new TestRedis();
afterAll(async () => {
  await redis.close();
});

presenceRegistryContract('in-memory', () => new InMemoryPresenceRegistry());
presenceRegistryContract('redis', async () => {
  await redis.flush();
  return new RedisPresenceRegistry(redis.client, redis.keys);
});
