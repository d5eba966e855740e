import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { RATE_LIMIT_STORAGE } from '@rendezvous/redis';

/** A partner hears at most one immediate "reconnecting" about a guest in this window. */
export const RECONNECT_NOTICE_WINDOW_MS = 30_000;
/** A guest who drops again within the window is announced only once it has been away this long. */
export const QUIET_NOTICE_DELAY_MS = 2_000;

/**
 * Coalesces the partner's "reconnecting / reconnected" notices: the first absence of a guest in the
 * window is announced at once; later ones are quiet, and told only if they last QUIET_NOTICE_DELAY_MS
 * (so one guest reconnecting over and over cannot flood its partner). Counted in the shared rate-limit
 * storage (Redis in distributed mode), so it holds whichever gateway the guest reconnects to.
 */
@Injectable()
export class ReconnectNotices {
  constructor(@Inject(RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage) {}

  /** Whether the partner may be told at once that the guest went away. */
  async announceNow(guestId: string): Promise<boolean> {
    const record = await this.storage.increment(guestId, RECONNECT_NOTICE_WINDOW_MS, 1, RECONNECT_NOTICE_WINDOW_MS, 'reconnect-notice');
    return !record.isBlocked;
  }
}
