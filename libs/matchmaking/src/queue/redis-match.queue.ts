import { Inject, Injectable } from '@nestjs/common';
import { defineScript, KeySpace, REDIS_CLIENT, type RedisClient, type ScriptRunner } from '@rendezvous/redis';
import { randomUUID } from 'node:crypto';
import { MatchmakingKeys } from '../matchmaking-keys.js';
import { MatchQueue } from './match-queue.port.js';
import { ProbeLimits } from './probe-limits.js';
import type { EndResult, EndedPair, JoinOrigin, JoinResult, MatchRules, PairView, Pairing, QueueEntry } from './queue-entry.js';
import { AVOID_SCRIPT, END_PAIR_SCRIPT, JOIN_MANY_SCRIPT, LEAVE_SCRIPT, SWEEP_SCRIPT } from './redis-match.scripts.js';
import { REQUEST_RECORD_TTL_MS } from './request-records.js';

type Script = 'joinMany' | 'sweep' | 'leave' | 'endPair' | 'avoid';

/** A pairing's record (`s:<guest>` = 'P' + this JSON), the same for both guests. */
interface PairRecord {
  pairId: string;
  expiresAt: number;
  initiator: QueueEntry;
  other: QueueEntry;
}

/**
 * Distributed-mode queue: a few fixed keys in the `{mm}` slot (see MatchmakingKeys), changed only by
 * Lua scripts that declare them all; a join reads a bounded window per interest (ProbeLimits).
 */
@Injectable()
export class RedisMatchQueue extends MatchQueue {
  private readonly keys: MatchmakingKeys;
  private readonly scripts: Record<Script, ScriptRunner>;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    root: KeySpace,
  ) {
    super();
    this.keys = new MatchmakingKeys(root);
    const keyCount = this.keys.queueKeys.length;
    this.scripts = {
      joinMany: defineScript(redis, 'mm_join_many', keyCount, JOIN_MANY_SCRIPT),
      sweep: defineScript(redis, 'mm_sweep', keyCount, SWEEP_SCRIPT),
      leave: defineScript(redis, 'mm_leave', keyCount, LEAVE_SCRIPT),
      endPair: defineScript(redis, 'mm_end_pair', keyCount, END_PAIR_SCRIPT),
      avoid: defineScript(redis, 'mm_avoid', keyCount, AVOID_SCRIPT),
    };
  }

  /** Runs a script with every queue key declared and the link channel prefix as ARGV[1]. */
  private run(script: Script, ...args: Array<string | number>): Promise<unknown> {
    return this.scripts[script](this.keys.queueKeys, [this.keys.linkPrefix, ...args]);
  }

  async joinMany(entries: readonly QueueEntry[], rules: MatchRules, origins: ReadonlyArray<JoinOrigin | undefined> = []): Promise<JoinResult[]> {
    if (entries.length === 0) return [];
    const joiners = entries.map((entry) => ({ entry, raw: JSON.stringify(entry), pairId: randomUUID() }));
    // Calls of at most joinsPerScript joins, so none holds Redis long; sent together on one connection,
    // Redis runs them in this order, as if the joins came one after the other.
    const calls: Array<Promise<string[]>> = [];
    for (let start = 0; start < joiners.length; start += ProbeLimits.joinsPerScript) {
      const args = joiners.slice(start, start + ProbeLimits.joinsPerScript).flatMap(({ raw, pairId }, i) => {
        const origin = origins[start + i];
        return [raw, pairId, origin?.requestId ?? '', origin?.socketId ?? ''];
      });
      calls.push(this.run('joinMany', rules.now, rules.fallbackMs, rules.pairTtlMs, ...args) as Promise<string[]>);
    }
    const reply = (await Promise.all(calls)).flat();
    return joiners.map(({ entry, pairId }, i): JoinResult => {
      const status = reply[2 * i];
      if (status === 'queued') return null;
      if (status === 'paired' || status === 'gone' || status === 'duplicate') return status;
      return { pairId, initiator: entry, other: JSON.parse(reply[2 * i + 1]) as QueueEntry };
    });
  }

  async leave(guestId: string): Promise<boolean> {
    return (await this.run('leave', guestId)) === 1;
  }

  async sweep(rules: MatchRules): Promise<Pairing[]> {
    const keyTtlMs = Math.max(rules.pairTtlMs, REQUEST_RECORD_TTL_MS);
    const reply = (await this.run('sweep', rules.now, rules.fallbackMs, randomUUID(), rules.pairTtlMs, keyTtlMs)) as string[];
    const pairings: Pairing[] = [];
    for (let i = 0; i < reply.length; i += 3) {
      pairings.push({ pairId: reply[i], initiator: JSON.parse(reply[i + 1]), other: JSON.parse(reply[i + 2]) });
    }
    return pairings;
  }

  async pairOf(guestId: string): Promise<PairView | null> {
    const record = await this.redis.hget(this.keys.records, `s:${guestId}`);
    if (!record?.startsWith('P')) return null;
    const { pairId, expiresAt, initiator, other } = JSON.parse(record.slice(1)) as PairRecord;
    if (expiresAt <= Date.now()) return null;
    const isInitiator = initiator.guestId === guestId;
    const partner = isInitiator ? other : initiator;
    return { pairId, partnerId: partner.guestId, partnerUsername: partner.username, initiator: isInitiator };
  }

  async endPair(guestId: string, avoidMs: number): Promise<EndedPair | null>;
  async endPair(guestId: string, avoidMs: number, requestId: string | undefined): Promise<EndResult>;
  async endPair(guestId: string, avoidMs: number, requestId = ''): Promise<EndResult> {
    return endResult((await this.run('endPair', guestId, avoidMs, requestId, 'avoid')) as string[] | null);
  }

  async blockPair(guestId: string, blockMs: number): Promise<EndedPair | null>;
  async blockPair(guestId: string, blockMs: number, requestId: string | undefined): Promise<EndResult>;
  async blockPair(guestId: string, blockMs: number, requestId = ''): Promise<EndResult> {
    return endResult((await this.run('endPair', guestId, Math.max(1, blockMs), requestId, 'block')) as string[] | null);
  }

  async avoid(a: string, b: string, ms: number): Promise<void> {
    await this.run('avoid', a, b, ms);
  }

  async isQueued(guestId: string): Promise<boolean> {
    const record = await this.redis.hget(this.keys.records, `s:${guestId}`);
    return record?.startsWith('R') === true || record?.startsWith('W') === true;
  }

  async size(): Promise<number> {
    const replies = await this.redis.multi().zcard(this.keys.ready).zcard(this.keys.waiting).exec();
    return Number(replies?.[0]?.[1] ?? 0) + Number(replies?.[1]?.[1] ?? 0);
  }

  async pairCount(now: number): Promise<number> {
    const replies = await this.redis.multi().zremrangebyscore(this.keys.pairs, '-inf', now).zcard(this.keys.pairs).exec();
    return Number(replies?.[1]?.[1] ?? 0);
  }
}

/** A redelivered request answers as the first run did: 'duplicate' when it ended a pairing, null when there was none. */
function endResult(reply: string[] | null): EndResult {
  if (!reply) return null;
  if (reply[0] === 'duplicate') return reply[1] === '1' ? 'duplicate' : null;
  return { pairId: reply[0], guestIds: [reply[1], reply[2]] };
}
