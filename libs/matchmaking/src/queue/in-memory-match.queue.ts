import { Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InMemoryPresenceRegistry } from '../presence/in-memory-presence.registry.js';
import { blockIdentities } from './block-identities.js';
import { MatchQueue } from './match-queue.port.js';
import { OrderedIndex } from './ordered-index.js';
import { ProbeLimits } from './probe-limits.js';
import type { EndResult, EndedPair, JoinOrigin, JoinResult, MatchRules, PairView, Pairing, QueueEntry } from './queue-entry.js';
import { RequestRecords } from './request-records.js';

interface StoredPair {
  pairId: string;
  /** Epoch ms (real time) after which the pairing is over. */
  expiresAt: number;
  initiator: QueueEntry;
  other: QueueEntry;
}
type WaitingState = { kind: 'R' | 'W'; entry: QueueEntry };
type GuestState = WaitingState | { kind: 'P'; pair: StoredPair };
/** A guest read from an index window, as redis-queue.lua.ts reads one. */
interface Candidate {
  id: string;
  dev: string;
  at: number;
  index: OrderedIndex;
  member: string;
}
interface Budget {
  left: number;
}

const member = (e: QueueEntry): string => `${e.guestId}\t${e.deviceId ?? ''}`;
const tagsOf = (e: QueueEntry): string[] => [...new Set(e.interests)];

/**
 * Embedded-mode queue. Each method runs to completion without awaiting, which makes it atomic. It keeps
 * the Redis queue's indexes (ready, waiting, one per tag) and takes the same steps in the same order as
 * its scripts (redis-queue.lua.ts, redis-match.scripts.ts), so both choose the same partners.
 */
@Injectable()
export class InMemoryMatchQueue extends MatchQueue {
  private readonly states = new Map<string, GuestState>();
  private readonly ready = new OrderedIndex();
  private readonly waiting = new OrderedIndex();
  private readonly tags = new Map<string, OrderedIndex>();
  /** pairId → until when it counts as live (rules.now + pairTtlMs), as the Redis `pairs` index. */
  private readonly pairs = new Map<string, number>();
  /** `a:<guest>|<guest>` (avoid) and `b:<id>|<id>` (block) → epoch ms until which the two stay apart. */
  private readonly apart = new Map<string, number>();
  private readonly requests = new RequestRecords();
  private reprobeStart = 0;

  constructor(@Optional() private readonly presence?: InMemoryPresenceRegistry) {
    super();
  }

  async joinMany(entries: readonly QueueEntry[], rules: MatchRules, origins: ReadonlyArray<JoinOrigin | undefined> = []): Promise<JoinResult[]> {
    return entries.map((entry, i) => {
      const requestId = origins[i]?.requestId;
      if (this.requests.replayed(entry.guestId, 'join', requestId) !== null) return 'duplicate';
      const result = this.joinOne({ ...entry, interests: [...entry.interests] }, rules, origins[i]?.socketId);
      this.requests.remember(entry.guestId, 'join', requestId, result === null ? 'queued' : typeof result === 'string' ? result : 'matched');
      return result;
    });
  }

  private joinOne(me: QueueEntry, rules: MatchRules, socketId?: string): JoinResult {
    const state = this.states.get(me.guestId);
    if (state?.kind === 'P' && state.pair.expiresAt > Date.now()) return 'paired';
    if (state && state.kind !== 'P') this.unqueue(state);
    const open = socketId === undefined || !this.presence ? this.isConnected(me.guestId) : this.presence.claimNow(me.guestId, me.gatewayId, socketId);
    if (!open) {
      this.states.delete(me.guestId);
      return 'gone';
    }
    const ready = me.interests.length === 0 || rules.now - me.joinedAt >= rules.fallbackMs;
    // A joiner whose gateway is not alive is queued like any other entry (and dropped when found), never paired.
    if (this.gatewayState(me.gatewayId) === 'alive') {
      const partner = this.findPartner(me, ready, false, { left: ProbeLimits.checksPerJoin }, rules.now - rules.fallbackMs);
      if (partner) return this.pairUp(me, partner, rules, randomUUID());
    }
    this.enqueue(me, ready);
    return null;
  }

  async leave(guestId: string): Promise<boolean> {
    const state = this.states.get(guestId);
    if (!state || state.kind === 'P') return false;
    this.drop(state);
    return true;
  }

  async sweep(rules: MatchRules): Promise<Pairing[]> {
    const budget: Budget = { left: ProbeLimits.checksPerSweep };
    const pairings: Pairing[] = [];
    for (const m of this.waiting.upTo(rules.now - rules.fallbackMs, ProbeLimits.promotions)) {
      if (budget.left <= 0) break;
      const state = this.waitingGuest(this.waiting, m, budget);
      if (!state) continue;
      const partner = this.findPartner(state.entry, true, true, budget);
      if (partner) {
        this.unqueue(state);
        pairings.push(this.pairUp(state.entry, partner, rules, randomUUID()));
      } else {
        this.waiting.delete(m);
        this.ready.add(m, state.entry.joinedAt);
        this.states.set(state.entry.guestId, { kind: 'R', entry: state.entry });
      }
    }
    const start = this.reprobeStart >= this.ready.size ? 0 : this.reprobeStart;
    const window = this.ready.range(start, ProbeLimits.reprobes).map(([m]) => m);
    for (const m of window) {
      if (budget.left <= 0) break;
      const state = this.waitingGuest(this.ready, m, budget);
      const partner = state && this.findPartner(state.entry, true, true, budget);
      if (state && partner) {
        this.unqueue(state);
        pairings.push(this.pairUp(state.entry, partner, rules, randomUUID()));
      }
    }
    this.reprobeStart = start + window.length;
    this.prune(rules.now);
    return pairings;
  }

  async pairOf(guestId: string): Promise<PairView | null> {
    const state = this.states.get(guestId);
    if (state?.kind !== 'P' || state.pair.expiresAt <= Date.now()) return null;
    const { pairId, initiator, other } = state.pair;
    const isInitiator = initiator.guestId === guestId;
    const partner = isInitiator ? other : initiator;
    return { pairId, partnerId: partner.guestId, partnerUsername: partner.username, initiator: isInitiator };
  }

  async endPair(guestId: string, avoidMs: number): Promise<EndedPair | null>;
  async endPair(guestId: string, avoidMs: number, requestId: string | undefined): Promise<EndResult>;
  async endPair(guestId: string, avoidMs: number, requestId?: string): Promise<EndResult> {
    return this.end(guestId, 'end', avoidMs, requestId, (a, b) => [`a:${a.guestId}|${b.guestId}`]);
  }

  async blockPair(guestId: string, blockMs: number): Promise<EndedPair | null>;
  async blockPair(guestId: string, blockMs: number, requestId: string | undefined): Promise<EndResult>;
  async blockPair(guestId: string, blockMs: number, requestId?: string): Promise<EndResult> {
    return this.end(guestId, 'block', Math.max(1, blockMs), requestId, (a, b) => blockIdentities(a).flatMap((x) => blockIdentities(b).map((y) => `b:${x}|${y}`)));
  }

  /** Ends the guest's pairing (as END_PAIR_SCRIPT) and keeps the two apart for `ms` by the records `fields` names, both ways. */
  private end(guestId: string, step: 'end' | 'block', ms: number, requestId: string | undefined, fields: (a: QueueEntry, b: QueueEntry) => string[]): EndResult {
    const seen = this.requests.replayed(guestId, step, requestId);
    if (seen !== null) return seen === '1' ? 'duplicate' : null;
    const pair = this.unpair(guestId);
    this.requests.remember(guestId, step, requestId, pair ? '1' : '0');
    if (!pair) return null;
    if (ms > 0) {
      const until = Date.now() + ms;
      for (const field of [...fields(pair.initiator, pair.other), ...fields(pair.other, pair.initiator)]) this.apart.set(field, until);
    }
    return { pairId: pair.pairId, guestIds: [pair.initiator.guestId, pair.other.guestId] };
  }

  async avoid(a: string, b: string, ms: number): Promise<void> {
    for (const field of [`a:${a}|${b}`, `a:${b}|${a}`]) {
      if (ms > 0) this.apart.set(field, Date.now() + ms);
      else this.apart.delete(field);
    }
  }

  async isQueued(guestId: string): Promise<boolean> {
    const kind = this.states.get(guestId)?.kind;
    return kind === 'R' || kind === 'W';
  }

  async size(): Promise<number> {
    return this.ready.size + this.waiting.size;
  }

  async pairCount(now: number): Promise<number> {
    for (const [pairId, until] of this.pairs) if (until <= now) this.pairs.delete(pairId);
    return this.pairs.size;
  }

  /** The live records held, one kind each (`entry`, `pair`, `avoid`, `block`, `req`, `index`); for leak checks. */
  heldRecords(): string[] {
    this.prune(Number.NEGATIVE_INFINITY);
    const kinds: string[] = [];
    for (const state of this.states.values()) kinds.push(state.kind === 'P' ? 'pair' : 'entry');
    for (const field of this.apart.keys()) kinds.push(field.startsWith('a:') ? 'avoid' : 'block');
    kinds.push(...Array<string>(this.requests.size).fill('req'));
    const indexed = this.ready.size + this.waiting.size + [...this.tags.values()].reduce((sum, index) => sum + index.size, 0) + this.pairs.size;
    kinds.push(...Array<string>(indexed).fill('index'));
    return kinds.sort();
  }

  /** The oldest guest that may be paired with `me` (as findPartner in redis-queue.lua.ts). */
  private findPartner(me: QueueEntry, ready: boolean, readyOnly: boolean, budget: Budget, dueBy?: number): WaitingState | undefined {
    const myIds = blockIdentities(me);
    const tried = new Set([me.guestId]);
    const firstOf = (list: Candidate[]): WaitingState | undefined => {
      list.sort((a, b) => a.at - b.at); // stable: ties keep the order read
      for (const c of list) {
        if (budget.left <= 0) return undefined;
        if (tried.has(c.id)) continue;
        tried.add(c.id);
        budget.left--;
        const found = this.check(me, myIds, c);
        if (found) return found;
      }
      return undefined;
    };
    if (!readyOnly && me.interests.length > 0) {
      const found = firstOf(tagsOf(me).flatMap((tag) => this.window(this.tags.get(tag))));
      if (found) return found;
    }
    if (!ready) return undefined;
    const due = dueBy !== undefined && (this.waiting.range(0, 1)[0]?.[1] ?? Number.POSITIVE_INFINITY) <= dueBy ? this.waiting.upTo(dueBy, ProbeLimits.window) : [];
    return firstOf([...this.window(this.ready), ...this.window(this.waiting, due.length)]);
  }

  /** The oldest `count` members of an index, as candidates. */
  private window(index: OrderedIndex | undefined, count: number = ProbeLimits.window): Candidate[] {
    if (!index) return [];
    return index.range(0, count).map(([m, at]) => {
      const split = m.indexOf('\t');
      return { id: m.slice(0, split), dev: m.slice(split + 1), at, index, member: m };
    });
  }

  private check(me: QueueEntry, myIds: string[], c: Candidate): WaitingState | undefined {
    if (c.id === me.guestId || (me.deviceId !== null && c.dev === me.deviceId)) return undefined;
    const state = this.waitingEntry(c.id, c.index, c.member);
    if (!state) return undefined;
    const theirs = c.dev !== '' ? [`g:${c.id}`, `d:${c.dev}`] : [`g:${c.id}`];
    const fields = [`a:${me.guestId}|${c.id}`, ...myIds.flatMap((x) => theirs.map((y) => `b:${x}|${y}`))];
    const now = Date.now();
    return fields.some((field) => (this.apart.get(field) ?? 0) > now) ? undefined : state;
  }

  /** A member of ready or waiting as the sweep finds it (as waitingGuest in SWEEP_SCRIPT). */
  private waitingGuest(index: OrderedIndex, m: string, budget: Budget): WaitingState | undefined {
    budget.left--;
    return this.waitingEntry(m.slice(0, m.indexOf('\t')), index, m);
  }

  /** A waiting guest found as member `m` of `index`, when it may be handed out now (as waitingEntry in redis-queue.lua.ts). */
  private waitingEntry(guestId: string, index: OrderedIndex, m: string): WaitingState | undefined {
    const state = this.states.get(guestId);
    if (!state || state.kind === 'P') {
      index.delete(m);
      return undefined;
    }
    const gateway = this.gatewayState(state.entry.gatewayId);
    if (!this.isConnected(guestId) || gateway === 'dead') {
      this.drop(state);
      return undefined;
    }
    return gateway === 'unlinked' ? undefined : state;
  }

  private pairUp(initiator: QueueEntry, partner: WaitingState, rules: MatchRules, pairId: string): Pairing {
    this.unqueue(partner);
    const other = partner.entry;
    const pair: StoredPair = { pairId, expiresAt: Date.now() + rules.pairTtlMs, initiator, other };
    this.states.set(initiator.guestId, { kind: 'P', pair });
    this.states.set(other.guestId, { kind: 'P', pair });
    this.pairs.set(pairId, rules.now + rules.pairTtlMs);
    return { pairId, initiator, other };
  }

  /** Ends the guest's pairing for both sides; the pairing, or undefined when there was none (or it had expired). */
  private unpair(guestId: string): StoredPair | undefined {
    const state = this.states.get(guestId);
    if (state?.kind !== 'P') return undefined;
    const { pair } = state;
    const partnerId = pair.initiator.guestId === guestId ? pair.other.guestId : pair.initiator.guestId;
    const theirs = this.states.get(partnerId);
    this.states.delete(guestId);
    if (theirs?.kind === 'P' && theirs.pair.pairId === pair.pairId) this.states.delete(partnerId);
    this.pairs.delete(pair.pairId);
    return pair.expiresAt > Date.now() ? pair : undefined;
  }

  private enqueue(entry: QueueEntry, ready: boolean): void {
    (ready ? this.ready : this.waiting).add(member(entry), entry.joinedAt);
    for (const tag of tagsOf(entry)) {
      let index = this.tags.get(tag);
      if (!index) this.tags.set(tag, (index = new OrderedIndex()));
      index.add(member(entry), entry.joinedAt);
    }
    this.states.set(entry.guestId, { kind: ready ? 'R' : 'W', entry });
  }

  /** Out of its indexes (its state is the caller's to overwrite or delete). */
  private unqueue({ kind, entry }: WaitingState): void {
    (kind === 'R' ? this.ready : this.waiting).delete(member(entry));
    for (const tag of tagsOf(entry)) {
      const index = this.tags.get(tag);
      index?.delete(member(entry));
      if (index?.size === 0) this.tags.delete(tag);
    }
  }

  private drop(state: WaitingState): void {
    this.unqueue(state);
    this.states.delete(state.entry.guestId);
  }

  /** As gatewayState in redis-queue.lua.ts. */
  private gatewayState(gatewayId: string): 'alive' | 'dead' | 'unlinked' {
    if (!this.presence) return 'alive';
    if (!this.presence.isGatewayAliveNow(gatewayId)) return 'dead';
    return this.presence.isGatewayLinkedNow(gatewayId) ? 'alive' : 'unlinked';
  }

  private isConnected(guestId: string): boolean {
    return this.presence === undefined || this.presence.isConnectedNow(guestId);
  }

  /** Drops what is past its time (the Redis queue's sweep does it a slice at a time). */
  private prune(now: number): void {
    const clock = Date.now();
    for (const [field, until] of this.apart) if (until <= clock) this.apart.delete(field);
    for (const [guestId, state] of this.states) if (state.kind === 'P' && state.pair.expiresAt <= clock) this.states.delete(guestId);
    for (const [pairId, until] of this.pairs) if (until <= now) this.pairs.delete(pairId);
  }
}
