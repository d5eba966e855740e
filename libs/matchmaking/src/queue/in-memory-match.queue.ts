import { Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InMemoryPresenceRegistry } from '../presence/in-memory-presence.registry.js';
import { areCompatible, blockKeys } from './compatibility.js';
import { MatchQueue } from './match-queue.port.js';
import type { EndResult, EndedPair, JoinResult, MatchRules, PairView, Pairing, QueueEntry } from './queue-entry.js';
import { RequestRecords } from './request-records.js';

interface StoredPair {
  pairId: string;
  initiator: QueueEntry;
  other: QueueEntry;
}

/** Embedded-mode queue. Each method runs to completion without awaiting, which makes it atomic. */
@Injectable()
export class InMemoryMatchQueue extends MatchQueue {
  /** Insertion order is FIFO order. */
  private readonly waiting = new Map<string, QueueEntry>();
  private readonly pairs = new Map<string, StoredPair>();
  private readonly pairOfGuest = new Map<string, string>();
  private readonly avoidUntil = new Map<string, number>();
  /** blockKeys → epoch ms until which the block holds. */
  private readonly blockedUntil = new Map<string, number>();
  private readonly requests = new RequestRecords();

  constructor(@Optional() private readonly presence?: InMemoryPresenceRegistry) {
    super();
  }

  async joinMany(entries: readonly QueueEntry[], rules: MatchRules, requestIds: ReadonlyArray<string | undefined> = []): Promise<JoinResult[]> {
    return entries.map((entry, i) => {
      if (this.requests.replayed(entry.guestId, 'join', requestIds[i]) !== null) return 'duplicate';
      const result = this.joinOne(entry, rules);
      this.requests.remember(entry.guestId, 'join', requestIds[i], result === null ? 'queued' : typeof result === 'string' ? result : 'matched');
      return result;
    });
  }

  private joinOne(entry: QueueEntry, rules: MatchRules): JoinResult {
    if (this.pairOfGuest.has(entry.guestId)) return 'paired';
    this.waiting.delete(entry.guestId);
    if (!this.isConnected(entry.guestId)) return 'gone';
    // A joiner whose gateway is dead is queued like any other entry (and dropped by the next scan), never paired.
    const partner = this.isAlive(entry) ? this.findPartner(entry, rules, new Set([entry.guestId])) : undefined;
    if (!partner) {
      this.waiting.set(entry.guestId, { ...entry, interests: [...entry.interests] });
      return null;
    }
    this.waiting.delete(partner.guestId);
    return this.pair(entry, partner);
  }

  async leave(guestId: string): Promise<boolean> {
    return this.waiting.delete(guestId);
  }

  async sweep(rules: MatchRules): Promise<Pairing[]> {
    const pairings: Pairing[] = [];
    const taken = new Set<string>();
    for (const entry of [...this.waiting.values()]) {
      if (taken.has(entry.guestId)) continue;
      if (!this.isAlive(entry) || !this.isConnected(entry.guestId)) {
        this.waiting.delete(entry.guestId);
        continue;
      }
      if (!this.isLinked(entry)) continue;
      taken.add(entry.guestId);
      const partner = this.findPartner(entry, rules, taken);
      if (!partner) {
        taken.delete(entry.guestId);
        continue;
      }
      taken.add(partner.guestId);
      this.waiting.delete(entry.guestId);
      this.waiting.delete(partner.guestId);
      pairings.push(this.pair(entry, partner));
    }
    return pairings;
  }

  async pairOf(guestId: string): Promise<PairView | null> {
    const pairId = this.pairOfGuest.get(guestId);
    const pair = pairId ? this.pairs.get(pairId) : undefined;
    if (!pair) return null;
    const isInitiator = pair.initiator.guestId === guestId;
    const partner = isInitiator ? pair.other : pair.initiator;
    return { pairId: pair.pairId, partnerId: partner.guestId, partnerUsername: partner.username, initiator: isInitiator };
  }

  async endPair(guestId: string, avoidMs: number): Promise<EndedPair | null>;
  async endPair(guestId: string, avoidMs: number, requestId: string | undefined): Promise<EndResult>;
  async endPair(guestId: string, avoidMs: number, requestId?: string): Promise<EndResult> {
    const seen = this.requests.replayed(guestId, 'end', requestId);
    if (seen !== null) return seen === '1' ? 'duplicate' : null;
    const pair = this.unpair(guestId);
    this.requests.remember(guestId, 'end', requestId, pair ? '1' : '0');
    if (!pair) return null;
    await this.avoid(pair.initiator.guestId, pair.other.guestId, avoidMs);
    return { pairId: pair.pairId, guestIds: [pair.initiator.guestId, pair.other.guestId] };
  }

  async blockPair(guestId: string, blockMs: number): Promise<EndedPair | null>;
  async blockPair(guestId: string, blockMs: number, requestId: string | undefined): Promise<EndResult>;
  async blockPair(guestId: string, blockMs: number, requestId?: string): Promise<EndResult> {
    const seen = this.requests.replayed(guestId, 'block', requestId);
    if (seen !== null) return seen === '1' ? 'duplicate' : null;
    const pair = this.unpair(guestId);
    this.requests.remember(guestId, 'block', requestId, pair ? '1' : '0');
    if (!pair) return null;
    if (this.blockedUntil.size > 1024) this.pruneAvoid();
    const until = Date.now() + Math.max(1, blockMs);
    for (const key of [...blockKeys(pair.initiator, pair.other), ...blockKeys(pair.other, pair.initiator)]) this.blockedUntil.set(key, until);
    return { pairId: pair.pairId, guestIds: [pair.initiator.guestId, pair.other.guestId] };
  }

  /** Ends the guest's pairing for both sides; the pairing, or undefined when there was none. */
  private unpair(guestId: string): StoredPair | undefined {
    const pairId = this.pairOfGuest.get(guestId);
    const pair = pairId ? this.pairs.get(pairId) : undefined;
    if (!pair) return undefined;
    this.pairs.delete(pair.pairId);
    this.pairOfGuest.delete(pair.initiator.guestId);
    this.pairOfGuest.delete(pair.other.guestId);
    return pair;
  }

  async avoid(a: string, b: string, ms: number): Promise<void> {
    if (this.avoidUntil.size > 1024) this.pruneAvoid();
    for (const key of [`${a}|${b}`, `${b}|${a}`]) {
      if (ms > 0) this.avoidUntil.set(key, Date.now() + ms);
      else this.avoidUntil.delete(key);
    }
  }

  async isQueued(guestId: string): Promise<boolean> {
    return this.waiting.has(guestId);
  }

  async size(): Promise<number> {
    return this.waiting.size;
  }

  async pairCount(): Promise<number> {
    return this.pairs.size;
  }

  async dropGateway(gatewayId: string): Promise<string[]> {
    const dropped = [...this.waiting.values()].filter((e) => e.gatewayId === gatewayId).map((e) => e.guestId);
    for (const guestId of dropped) this.waiting.delete(guestId);
    return dropped;
  }

  /** Sizes of the internal maps; for leak checks. */
  sizes(): { waiting: number; pairs: number; avoid: number; blocks: number; requests: number } {
    this.pruneAvoid();
    return { waiting: this.waiting.size, pairs: this.pairs.size, avoid: this.avoidUntil.size, blocks: this.blockedUntil.size, requests: this.requests.size };
  }

  private findPartner(entry: QueueEntry, rules: MatchRules, excluded: Set<string>): QueueEntry | undefined {
    for (const candidate of this.waiting.values()) {
      if (excluded.has(candidate.guestId)) continue;
      if (!this.isAlive(candidate) || !this.isConnected(candidate.guestId)) {
        this.waiting.delete(candidate.guestId);
        continue;
      }
      if (!this.isLinked(candidate)) continue;
      if (this.avoiding(entry.guestId, candidate.guestId) || this.blocked(entry, candidate)) continue;
      if (areCompatible(entry, candidate, rules.now, rules.fallbackMs)) return candidate;
    }
    return undefined;
  }

  private pair(initiator: QueueEntry, other: QueueEntry): Pairing {
    const pairId = randomUUID();
    this.pairs.set(pairId, { pairId, initiator, other });
    this.pairOfGuest.set(initiator.guestId, pairId);
    this.pairOfGuest.set(other.guestId, pairId);
    return { pairId, initiator, other };
  }

  private avoiding(a: string, b: string): boolean {
    const until = this.avoidUntil.get(`${a}|${b}`);
    return until !== undefined && until > Date.now();
  }

  private blocked(a: QueueEntry, b: QueueEntry): boolean {
    const now = Date.now();
    return blockKeys(a, b).some((key) => (this.blockedUntil.get(key) ?? 0) > now);
  }

  private isAlive(entry: QueueEntry): boolean {
    return this.presence === undefined || this.presence.isGatewayAliveNow(entry.gatewayId);
  }

  /** The guest's gateway has not detached its socket (see PresenceRegistry.attach). */
  private isConnected(guestId: string): boolean {
    return this.presence === undefined || this.presence.isConnectedNow(guestId);
  }

  /** Its gateway process still holds its link (see PresenceRegistry.link). */
  private isLinked(entry: QueueEntry): boolean {
    return this.presence === undefined || this.presence.isGatewayLinkedNow(entry.gatewayId);
  }

  private pruneAvoid(): void {
    const now = Date.now();
    for (const [key, until] of this.avoidUntil) if (until <= now) this.avoidUntil.delete(key);
    for (const [key, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(key);
  }
}
