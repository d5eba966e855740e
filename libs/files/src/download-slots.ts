import { DomainError, ErrorCodes } from '@rendezvous/contracts';

/** Downloads one guest may have running at once on one process. */
export const DOWNLOADS_PER_GUEST = 4;

/**
 * Counts each guest's running downloads in this process, so that a guest who opens many and reads none
 * holds a bounded share of the process (each running download holds at most one chunk and its socket's buffers).
 */
export class DownloadSlots {
  private readonly running = new Map<string, number>();

  constructor(private readonly perGuest = DOWNLOADS_PER_GUEST) {}

  /** Takes a slot, or refuses with RATE_LIMITED; call the returned function once the download is over. */
  take(guestId: string): () => void {
    const count = this.running.get(guestId) ?? 0;
    if (count >= this.perGuest) throw new DomainError(ErrorCodes.RateLimited, `You are downloading ${count} files at once; wait for one to finish`, 1);
    this.running.set(guestId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(guestId) ?? 1) - 1;
      if (left > 0) this.running.set(guestId, left);
      else this.running.delete(guestId);
    };
  }

  /** Guests with a download running; for leak checks. */
  get size(): number {
    return this.running.size;
  }
}
