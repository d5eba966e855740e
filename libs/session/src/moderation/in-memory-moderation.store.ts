import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  BANNED_DEVICES_PER_ADDRESS_BAN,
  banIdentities,
  entryWeight,
  isCounted,
  ModerationStore,
  reportEntry,
  sameReporter,
  type BanSubject,
  type Reporter,
  type ReportOutcome,
  type ReportPolicy,
} from './moderation-store.port.js';

interface Dated {
  /** entry (see reportEntry) or banned device → when. */
  entries: Map<string, number>;
  expiresAt: number;
}

/** Embedded-mode reports and bans: the Redis store's rules, in maps that forget expired entries. */
@Injectable()
export class InMemoryModerationStore extends ModerationStore implements OnModuleDestroy {
  private readonly reports = new Map<string, Dated>();
  /** ipHash → devices banned from it, for the address-ban rule. */
  private readonly bannedAt = new Map<string, Dated>();
  private readonly bans = new Map<string, number>();
  private readonly sweeper = setInterval(() => this.evictExpired(Date.now()), 60_000).unref();

  async report(target: BanSubject & { guestId: string }, reporter: Reporter, policy: ReportPolicy, now: number): Promise<ReportOutcome> {
    const ids = banIdentities(target);
    const entry = reportEntry(reporter);
    let most = 0;
    for (const id of ids.filter(isCounted)) {
      const dated = this.fresh(this.reports, id, policy.windowMs, now);
      if (![...dated.entries.keys()].some((seen) => sameReporter(seen, entry))) dated.entries.set(entry, now);
      most = Math.max(most, [...dated.entries.keys()].reduce((sum, seen) => sum + entryWeight(seen), 0));
    }
    if (most < policy.threshold) return { reports: most, bannedUntil: null, addressBannedUntil: null };
    const until = now + policy.banMs;
    for (const id of ids.filter(isCounted)) {
      this.bans.set(id, Math.max(this.bans.get(id) ?? 0, until));
      this.reports.delete(id);
    }
    let addressBannedUntil: number | null = null;
    if (target.ipHash) {
      const banned = this.fresh(this.bannedAt, target.ipHash, policy.windowMs, now);
      banned.entries.set(target.deviceId ?? `g:${target.guestId}`, now);
      if (banned.entries.size >= BANNED_DEVICES_PER_ADDRESS_BAN) {
        addressBannedUntil = now + policy.addressBanMs;
        this.bans.set(`i:${target.ipHash}`, Math.max(this.bans.get(`i:${target.ipHash}`) ?? 0, addressBannedUntil));
      }
    }
    return { reports: most, bannedUntil: until, addressBannedUntil };
  }

  async reportedWeight(subject: BanSubject, windowMs: number, now: number): Promise<number> {
    let most = 0;
    for (const id of banIdentities(subject).filter(isCounted)) {
      const dated = this.reports.get(id);
      if (!dated) continue;
      most = Math.max(most, [...dated.entries].filter(([, at]) => at > now - windowMs).reduce((sum, [entry]) => sum + entryWeight(entry), 0));
    }
    return most;
  }

  async bannedUntilMany(subjects: readonly BanSubject[], now: number): Promise<Array<number | null>> {
    return subjects.map((subject) => {
      const until = Math.max(0, ...banIdentities(subject).map((id) => this.bans.get(id) ?? 0));
      return until > now ? until : null;
    });
  }

  /** Records still held; for leak checks. */
  size(now = Date.now()): number {
    this.evictExpired(now);
    return this.reports.size + this.bannedAt.size + this.bans.size;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** The record under `key` with entries older than the window dropped, its expiry moved to a window from now. */
  private fresh(map: Map<string, Dated>, key: string, windowMs: number, now: number): Dated {
    const dated = map.get(key) ?? { entries: new Map<string, number>(), expiresAt: 0 };
    for (const [entry, at] of dated.entries) if (at <= now - windowMs) dated.entries.delete(entry);
    dated.expiresAt = now + windowMs;
    map.set(key, dated);
    return dated;
  }

  private evictExpired(now: number): void {
    for (const map of [this.reports, this.bannedAt]) for (const [id, dated] of map) if (dated.expiresAt <= now) map.delete(id);
    for (const [id, until] of this.bans) if (until <= now) this.bans.delete(id);
  }
}
