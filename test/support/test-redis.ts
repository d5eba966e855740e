import { KeySpace } from '@rendezvous/redis';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A real Redis connection with a key prefix of its own, so runs never see each other's keys. */
export class TestRedis {
  readonly prefix = `rdvtest:${randomBytes(4).toString('hex')}:`;
  readonly keys = new KeySpace(this.prefix);
  readonly client = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: false });

  /** Every key this run created that still exists. */
  async keysLeft(): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.client.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found.sort();
  }

  async flush(): Promise<void> {
    const keys = await this.keysLeft();
    if (keys.length > 0) await this.client.del(...keys);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.client.quit();
  }
}
