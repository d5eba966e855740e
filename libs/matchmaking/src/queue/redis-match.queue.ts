import { Inject, Injectable } from '@nestjs/common';
import { defineScript, KeySpace, REDIS_CLIENT, type ScriptRunner } from '@rendezvous/redis';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { MatchmakingKeys } from '../matchmaking-keys.js';
import { MatchQueue } from './match-queue.port.js';
import type { EndResult, EndedPair, JoinResult, MatchRules, PairView, Pairing, QueueEntry } from './queue-entry.js';
import { BLOCK_PAIR_SCRIPT, DROP_GATEWAY_SCRIPT, END_PAIR_SCRIPT, JOIN_MANY_SCRIPT, PAIR_OF_SCRIPT, SWEEP_SCRIPT } from './redis-match.scripts.js';

/** How many of the oldest waiting guests one match attempt looks at. */
const SCAN_LIMIT = 200;

/** Distributed-mode queue: a sorted set by join time plus JSON entries, changed only by Lua scripts. */
@Injectable()
export class RedisMatchQueue extends MatchQueue {
  private readonly keys: MatchmakingKeys;
  private readonly scripts: Record<'joinMany' | 'sweep' | 'pairOf' | 'endPair' | 'blockPair' | 'dropGateway', ScriptRunner>;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    root: KeySpace,
  ) {
    super();
    this.keys = new MatchmakingKeys(root);
    this.scripts = {
      joinMany: defineScript(redis, 'mm_join_many', 1, JOIN_MANY_SCRIPT),
      sweep: defineScript(redis, 'mm_sweep', 1, SWEEP_SCRIPT),
      pairOf: defineScript(redis, 'mm_pair_of', 1, PAIR_OF_SCRIPT),
      endPair: defineScript(redis, 'mm_end_pair', 1, END_PAIR_SCRIPT),
      blockPair: defineScript(redis, 'mm_block_pair', 1, BLOCK_PAIR_SCRIPT),
      dropGateway: defineScript(redis, 'mm_drop_gateway', 1, DROP_GATEWAY_SCRIPT),
    };
  }

  /** Runs a script with the queue key declared (for Redis Cluster routing) and the prefix as ARGV[1]. */
  private run(script: 'joinMany' | 'sweep' | 'pairOf' | 'endPair' | 'blockPair' | 'dropGateway', ...args: Array<string | number>): Promise<unknown> {
    return this.scripts[script]([this.keys.queue], [this.keys.prefix, ...args]);
  }

  async joinMany(entries: readonly QueueEntry[], rules: MatchRules, requestIds: ReadonlyArray<string | undefined> = []): Promise<JoinResult[]> {
    if (entries.length === 0) return [];
    const joiners = entries.map((entry) => ({ entry, raw: JSON.stringify(entry), pairId: randomUUID() }));
    const args = joiners.flatMap(({ raw, pairId }, i) => [raw, pairId, requestIds[i] ?? '']);
    const reply = (await this.run('joinMany', rules.now, rules.fallbackMs, rules.pairTtlMs, rules.pairTtlMs, SCAN_LIMIT, ...args)) as string[];
    return joiners.map(({ entry, pairId }, i): JoinResult => {
      const status = reply[2 * i];
      if (status === 'queued') return null;
      if (status === 'paired' || status === 'gone' || status === 'duplicate') return status;
      return { pairId, initiator: entry, other: JSON.parse(reply[2 * i + 1]) as QueueEntry };
    });
  }

  async leave(guestId: string): Promise<boolean> {
    const [[, removed]] = (await this.redis.multi().zrem(this.keys.queue, guestId).del(this.keys.entry(guestId)).exec()) ?? [[null, 0]];
    return removed === 1;
  }

  async sweep(rules: MatchRules): Promise<Pairing[]> {
    const reply = (await this.run('sweep', rules.now, rules.fallbackMs, randomUUID(), rules.pairTtlMs, SCAN_LIMIT)) as string[];
    const pairings: Pairing[] = [];
    for (let i = 0; i < reply.length; i += 3) {
      pairings.push({ pairId: reply[i], initiator: JSON.parse(reply[i + 1]), other: JSON.parse(reply[i + 2]) });
    }
    return pairings;
  }

  async pairOf(guestId: string): Promise<PairView | null> {
    const reply = (await this.run('pairOf', guestId)) as [string, string] | null;
    if (!reply) return null;
    const { initiator, other } = JSON.parse(reply[1]) as { initiator: QueueEntry; other: QueueEntry };
    const isInitiator = initiator.guestId === guestId;
    const partner = isInitiator ? other : initiator;
    return { pairId: reply[0], partnerId: partner.guestId, partnerUsername: partner.username, initiator: isInitiator };
  }

  async endPair(guestId: string, avoidMs: number): Promise<EndedPair | null>;
  async endPair(guestId: string, avoidMs: number, requestId: string | undefined): Promise<EndResult>;
  async endPair(guestId: string, avoidMs: number, requestId = ''): Promise<EndResult> {
    return endResult((await this.run('endPair', guestId, avoidMs, requestId)) as string[] | null);
  }

  async blockPair(guestId: string, blockMs: number): Promise<EndedPair | null>;
  async blockPair(guestId: string, blockMs: number, requestId: string | undefined): Promise<EndResult>;
  async blockPair(guestId: string, blockMs: number, requestId = ''): Promise<EndResult> {
    return endResult((await this.run('blockPair', guestId, Math.max(1, blockMs), requestId)) as string[] | null);
  }

  async avoid(a: string, b: string, ms: number): Promise<void> {
    const keys = [this.keys.avoid(a, b), this.keys.avoid(b, a)];
    if (ms > 0) await this.redis.multi().set(keys[0], '1', 'PX', ms).set(keys[1], '1', 'PX', ms).exec();
    else await this.redis.del(...keys);
  }

  async isQueued(guestId: string): Promise<boolean> {
    return (await this.redis.zscore(this.keys.queue, guestId)) !== null;
  }

  async size(): Promise<number> {
    return this.redis.zcard(this.keys.queue);
  }

  async pairCount(now: number): Promise<number> {
    const replies = await this.redis.multi().zremrangebyscore(this.keys.pairs, '-inf', now).zcard(this.keys.pairs).exec();
    return Number(replies?.[1]?.[1] ?? 0);
  }

  async dropGateway(gatewayId: string): Promise<string[]> {
    return (await this.run('dropGateway', gatewayId)) as string[];
  }
}

/** A redelivered request answers as the first run did: 'duplicate' when it ended a pairing, null when there was none. */
function endResult(reply: string[] | null): EndResult {
  if (!reply) return null;
  if (reply[0] === 'duplicate') return reply[1] === '1' ? 'duplicate' : null;
  return { pairId: reply[0], guestIds: [reply[1], reply[2]] };
}
