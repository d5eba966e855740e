import { afterAll, describe, expect, it } from '@jest/globals';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { loadConfig } from '@rendezvous/config';
import { ErrorCodes } from '@rendezvous/contracts';
import { randomUUID } from 'node:crypto';
import { TestRedis } from '../../../../test/support/test-redis.js';
import { InMemoryThrottlerStorage } from './in-memory-throttler.storage.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { RetryLaterError, UploadRateLimiter } from './upload-rate-limiter.js';

const redis = new TestRedis();
const memory = new InMemoryThrottlerStorage();
afterAll(async () => {
  memory.onModuleDestroy();
  await redis.close();
});

const storages: Array<[string, () => ThrottlerStorage]> = [
  ['in-memory', () => memory],
  ['redis', () => new RedisThrottlerStorage(redis.client, redis.keys)],
];

describe.each(storages)('UploadRateLimiter on %s storage', (_, storage) => {
  const limiter = () => new UploadRateLimiter(storage(), loadConfig('all-in-one', { FILE_UPLOADS_PER_MINUTE: '3' }));

  it('allows the budget, then refuses with RATE_LIMITED and how long to wait', async () => {
    const subject = limiter();
    const guest = randomUUID();
    for (let i = 0; i < 3; i++) await subject.consume(guest);
    const refused = await subject.consume(guest).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RetryLaterError);
    expect((refused as RetryLaterError).code).toBe(ErrorCodes.RateLimited);
    expect((refused as RetryLaterError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((refused as RetryLaterError).retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('counts each guest on its own', async () => {
    const subject = limiter();
    const [busy, other] = [randomUUID(), randomUUID()];
    for (let i = 0; i < 3; i++) await subject.consume(busy);
    await expect(subject.consume(busy)).rejects.toThrow(RetryLaterError);
    await expect(subject.consume(other)).resolves.toBeUndefined();
  });
});

describe.each(storages)('%s ThrottlerStorage window', (_, storage) => {
  it('opens a new window once the old one has passed', async () => {
    const store = storage();
    const key = randomUUID();
    expect((await store.increment(key, 200, 1, 0, 'test')).isBlocked).toBe(false);
    expect((await store.increment(key, 200, 1, 0, 'test')).isBlocked).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await store.increment(key, 200, 1, 0, 'test')).isBlocked).toBe(false);
  });
});

describe('RedisThrottlerStorage', () => {
  it('keeps only counters that expire with their window', async () => {
    await new RedisThrottlerStorage(redis.client, redis.keys).increment('some-key', 60_000, 5, 0, 'test');
    const keys = await redis.keysLeft();
    expect(keys).toContain(`${redis.prefix}throttle:test:some-key`);
    for (const key of keys) expect(await redis.client.pttl(key)).toBeGreaterThan(0);
  });
});
