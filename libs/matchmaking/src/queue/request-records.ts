/**
 * How long a guest's last request ids are kept (see MatchQueue). A redelivery comes within seconds when
 * a replica takes over a dead one's requests, or when matchmaking is back from an outage: a leave sent
 * during an outage longer than this could, if the replica running it died midway, run a second time.
 */
export const REQUEST_RECORD_TTL_MS = 15 * 60_000;

/** The steps a request id is kept for, one per guest each. */
export type RequestStep = 'join' | 'end' | 'block';

/** The in-memory queue's request-id guard: the guard of the Redis scripts (REQUEST_GUARD), as a map. */
export class RequestRecords {
  private readonly byGuest = new Map<string, { steps: Map<RequestStep, { requestId: string; outcome: string }>; expiresAt: number }>();

  /** What the request did the first time, or null when it was not applied before (or has no id). */
  replayed(guestId: string, step: RequestStep, requestId: string | undefined): string | null {
    if (!requestId) return null;
    const record = this.byGuest.get(guestId);
    if (!record || record.expiresAt <= Date.now()) return null;
    const seen = record.steps.get(step);
    return seen?.requestId === requestId ? seen.outcome : null;
  }

  remember(guestId: string, step: RequestStep, requestId: string | undefined, outcome: string): void {
    if (!requestId) return;
    if (this.byGuest.size > 1024) this.prune();
    const record = this.byGuest.get(guestId) ?? { steps: new Map(), expiresAt: 0 };
    record.steps.set(step, { requestId, outcome });
    record.expiresAt = Date.now() + REQUEST_RECORD_TTL_MS;
    this.byGuest.set(guestId, record);
  }

  /** Guests with live records; for leak checks. */
  get size(): number {
    this.prune();
    return this.byGuest.size;
  }

  private prune(): void {
    const now = Date.now();
    for (const [guestId, record] of this.byGuest) if (record.expiresAt <= now) this.byGuest.delete(guestId);
  }
}
