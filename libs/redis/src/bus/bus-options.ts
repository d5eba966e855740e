import type { RedisTarget } from '@rendezvous/config';
/** Settings of both ends of the bus. */
export interface BusOptions {
  /** Where Redis is (a URL for one endpoint). */
  redis: RedisTarget | string;
  /** Prefix of every bus key: `<REDIS_KEY_PREFIX>bus:`. */
  prefix: string;
  /**
   * Upper bound of a request stream (XADD MAXLEN ~). Handled requests are deleted at once, so the
   * stream holds only requests waiting for a replica: this bounds a long outage's backlog.
   * @default 100000
   */
  maxLength?: number;
  /**
   * A request delivered to a replica that has not finished it for this long is taken over by another
   * (XAUTOCLAIM): the replica died. Well under the requests' deadlines; a live replica renews its
   * requests in flight (XCLAIM) three times as often, so a slow handler is not taken over.
   * @default 2000
   */
  claimIdleMs?: number;
  /**
   * Requests one replica handles at once; it reads more only below this, so a busy replica leaves
   * the stream to the others.
   * @default 128
   */
  maxInFlight?: number;
  /** @default 1000 */
  blockMs?: number;
  /**
   * How long a client's reply stream outlives its last reply (a client that died leaves nothing behind).
   * @default 60000
   */
  replyTtlMs?: number;
}

export type ResolvedBusOptions = Required<BusOptions>;

export function resolveBusOptions(options: BusOptions): ResolvedBusOptions {
  return { maxLength: 100_000, claimIdleMs: 2_000, maxInFlight: 128, blockMs: 1_000, replyTtlMs: 60_000, ...options };
}
