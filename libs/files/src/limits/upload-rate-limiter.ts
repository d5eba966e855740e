import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { DomainError, ErrorCodes } from '@rendezvous/contracts';

/** DI token of the ThrottlerStorage the upload budget counts in (memory embedded, Redis distributed). */
export const UPLOAD_RATE_STORAGE = Symbol('UPLOAD_RATE_STORAGE');

const WINDOW_MS = 60_000;

/** RATE_LIMITED, with how long to wait (the HTTP layer sends it as Retry-After). */
export class RetryLaterError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(ErrorCodes.RateLimited, message);
  }
}

/**
 * Per-guest upload budget: FILE_UPLOADS_PER_MINUTE. Counts in a @nestjs/throttler `ThrottlerStorage`,
 * so it can move onto the app-wide throttling storage by rebinding UPLOAD_RATE_STORAGE.
 */
@Injectable()
export class UploadRateLimiter {
  constructor(
    @Inject(UPLOAD_RATE_STORAGE) private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one upload attempt of the guest; RetryLaterError once it is over the budget. */
  async consume(guestId: string): Promise<void> {
    const record = await this.storage.increment(guestId, WINDOW_MS, this.config.fileUploadsPerMinute, 0, 'file-upload');
    if (record.isBlocked) {
      const wait = Math.max(1, record.timeToBlockExpire || record.timeToExpire);
      throw new RetryLaterError(`Too many uploads: at most ${this.config.fileUploadsPerMinute} a minute. Try again in ${wait} s`, wait);
    }
  }
}
