/** Who a ban can hold against: a guest, its device and its IP (as the session service's keyed hash). */
export interface BanSubject {
  guestId?: string | null;
  deviceId?: string | null;
  ipHash?: string | null;
}

export interface ReportPolicy {
  /** Distinct reporters within the window that ban the reported guest. */
  threshold: number;
  windowMs: number;
  banMs: number;
}

export interface ReportOutcome {
  /** Distinct reporters of the guest (or of its device) within the window, this report included. */
  reports: number;
  /** Set when this report banned the guest: epoch ms the ban ends. */
  bannedUntil: number | null;
}

/**
 * Reports and temporary bans, every record with a TTL. Reports count per guest id and per device (so a
 * new session on the same device keeps its history); a ban holds against the guest id, the device and
 * the IP hash.
 */
export abstract class ModerationStore {
  /** Records a report of `target` by `reporterId` and bans at the threshold, atomically. */
  abstract report(target: BanSubject & { guestId: string }, reporterId: string, policy: ReportPolicy, now: number): Promise<ReportOutcome>;
  /** When the longest ban on any of the subject's identities ends, or null when none holds. */
  async bannedUntil(subject: BanSubject, now: number): Promise<number | null> {
    return (await this.bannedUntilMany([subject], now))[0];
  }
  /** bannedUntil of several subjects in one lookup (a batch of joins), in order. */
  abstract bannedUntilMany(subjects: readonly BanSubject[], now: number): Promise<Array<number | null>>;
}

/** `g:<guestId>`, `d:<deviceId>`, `i:<ipHash>` — the names bans and report counts are kept under. */
export function banIdentities(subject: BanSubject): string[] {
  const ids: string[] = [];
  if (subject.guestId) ids.push(`g:${subject.guestId}`);
  if (subject.deviceId) ids.push(`d:${subject.deviceId}`);
  if (subject.ipHash) ids.push(`i:${subject.ipHash}`);
  return ids;
}

/** Report counts are kept per guest and device, not per IP: people behind one NAT do not add up. */
export function isCounted(identity: string): boolean {
  return identity.startsWith('g:') || identity.startsWith('d:');
}
