import type { RedisClient } from '@rendezvous/redis';

/** How long a caller waits for a subscription before going on without it (Redis is away: it fails anyway). */
const WAIT_LIMIT_MS = 3_000;

/**
 * Remembers the SSUBSCRIBE that the sharded adapter sends (and does not wait for) per channel, so the
 * gateway can wait until Redis has confirmed one: from then on, whatever is published there reaches us.
 */
export class SubscriptionLedger {
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(sub: RedisClient) {
    const subscribe = sub.ssubscribe.bind(sub) as (...channels: string[]) => Promise<unknown>;
    (sub as unknown as { ssubscribe: (...channels: string[]) => Promise<unknown> }).ssubscribe = (...channels: string[]) => {
      const confirmed = subscribe(...channels);
      const settled = confirmed.then(
        () => undefined,
        () => undefined,
      );
      for (const channel of channels) {
        this.pending.set(channel, settled);
        void settled.then(() => {
          if (this.pending.get(channel) === settled) this.pending.delete(channel);
        });
      }
      return confirmed;
    };
  }

  /** Resolves once the last subscription to `channel` was answered (at once when none is waiting), or after a bounded wait. */
  settled(channel: string): Promise<void> {
    const waiting = this.pending.get(channel);
    if (!waiting) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, WAIT_LIMIT_MS);
      void waiting.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
