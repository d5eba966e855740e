/** Who a ban can hold against: a guest, its device and its IP (as the session service's keyed hash). */
export interface BanSubject {
  guestId?: string | null;
  deviceId?: string | null;
  ipHash?: string | null;
}

/** Who reported: the network it came from and its device (each reports a guest once), and how much its report weighs. */
export interface Reporter {
  /** Keyed hash of the reporter's network (/24, /64): one network is one reporter however many sessions it opens. */
  network: string;
  deviceId: string | null;
  /** 1 for a reporter in good standing; less for a fresh session or one that was itself reported. */
  weight: number;
}

export interface ReportPolicy {
  /** Total weight of distinct reporters within the window that bans the reported guest. */
  threshold: number;
  windowMs: number;
  /** How long a ban of a guest and its device holds. */
  banMs: number;
  /** How long an address ban holds: only once a second device from the same address was banned within the window. */
  addressBanMs: number;
}

export interface ReportOutcome {
  /** Total weight of the distinct reporters of the guest (or of its device) within the window, this report included. */
  reports: number;
  /** Set when this report banned the guest: epoch ms the ban ends. */
  bannedUntil: number | null;
  /** Set when the ban also reached the guest's address (a repeat from there): epoch ms it ends. */
  addressBannedUntil: number | null;
}

/**
 * Reports and temporary bans, every record with a TTL. Reports count per reported guest id and device
 * (so a new session on the same device keeps its history), once per reporting network and once per
 * reporting device, by weight. A ban holds against the guest id and the device; the address only once a
 * second device from it was banned within the window, and briefly: people behind one NAT share it.
 */
export abstract class ModerationStore {
  /** Records a report of `target` and bans at the threshold, atomically. */
  abstract report(target: BanSubject & { guestId: string }, reporter: Reporter, policy: ReportPolicy, now: number): Promise<ReportOutcome>;
  /** Total weight of the reports against the guest or its device within the window (its own standing as a reporter). */
  abstract reportedWeight(subject: BanSubject, windowMs: number, now: number): Promise<number>;
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

/** How a report is filed: `<network>|<device>|<weight>` (the device '-' when unknown). */
export function reportEntry(reporter: Reporter): string {
  return `${reporter.network}|${reporter.deviceId ?? '-'}|${reporter.weight}`;
}

/** Whether two filed reports come from the same network or the same device. */
export function sameReporter(a: string, b: string): boolean {
  const [networkA, deviceA] = a.split('|');
  const [networkB, deviceB] = b.split('|');
  return networkA === networkB || (deviceA !== '-' && deviceA === deviceB);
}

export function entryWeight(entry: string): number {
  return Number(entry.split('|')[2] ?? 0);
}

/** Devices (or guests) banned from one address within the window before the address itself is banned. */
export const BANNED_DEVICES_PER_ADDRESS_BAN = 2;
