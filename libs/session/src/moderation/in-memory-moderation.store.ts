import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { banIdentities, isCounted, ModerationStore, type BanSubject, type ReportOutcome, type ReportPolicy } from './moderation-store.port.js';

interface Reports {
  /** reporterId → when it reported. */
  byReporter: Map<string, number>;
  expiresAt: number;
}

/** Embedded-mode reports and bans: the Redis store's rules, in maps that forget expired entries. */
@Injectable()
export class InMemoryModerationStore extends ModerationStore implements OnModuleDestroy {
  private readonly reports = new Map<string, Reports>();
  private readonly bans = new Map<string, number>();
  private readonly sweeper = setInterval(() => this.evictExpired(Date.now()), 60_000).unref();

  async report(target: BanSubject & { guestId: string }, reporterId: string, policy: ReportPolicy, now: number): Promise<ReportOutcome> {
    const ids = banIdentities(target);
    let most = 0;
    for (const id of ids.filter(isCounted)) {
      const entry = this.reports.get(id) ?? { byReporter: new Map<string, number>(), expiresAt: 0 };
      for (const [reporter, at] of entry.byReporter) if (at <= now - policy.windowMs) entry.byReporter.delete(reporter);
      entry.byReporter.set(reporterId, now);
      entry.expiresAt = now + policy.windowMs;
      this.reports.set(id, entry);
      most = Math.max(most, entry.byReporter.size);
    }
    if (most < policy.threshold) return { reports: most, bannedUntil: null };
    const until = now + policy.banMs;
    for (const id of ids) {
      this.bans.set(id, until);
      this.reports.delete(id);
    }
    return { reports: most, bannedUntil: until };
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
    return this.reports.size + this.bans.size;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private evictExpired(now: number): void {
    for (const [id, entry] of this.reports) if (entry.expiresAt <= now) this.reports.delete(id);
    for (const [id, until] of this.bans) if (until <= now) this.bans.delete(id);
  }
}
