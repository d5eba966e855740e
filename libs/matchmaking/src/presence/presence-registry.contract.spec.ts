import { eachTestRedis } from '../../../../test/support/test-redis.js';
import { InMemoryPresenceRegistry } from './in-memory-presence.registry.js';
import { presenceRegistryContract } from './presence-registry.contract.js';
import { RedisPresenceRegistry } from './redis-presence.registry.js';

presenceRegistryContract('in-memory', () => new InMemoryPresenceRegistry());
for (const redis of eachTestRedis()) {
  presenceRegistryContract(redis.name, async () => {
    await redis.flush();
    return new RedisPresenceRegistry(redis.client, redis.keys);
  });
}
