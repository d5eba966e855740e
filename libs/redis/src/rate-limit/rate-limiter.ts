import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig, type RateRule } from '@rendezvous/config';
import { DomainError, ErrorCodes } from '@rendezvous/contracts';
import { Metrics } from '@rendezvous/observability';
import { rateLimitMessage } from './rate-limit-messages.js';
import { RATE_LIMIT_STORAGE } from './rate-limit-storage.token.js';
import type { RateLimitName } from './rate-limit.decorator.js';

/**
 * Limits that must hold across processes (per guest, per IP), counted in the throttler's storage:
 * Redis in distributed mode, memory in embedded mode. One call = one hit.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts a hit of limit `name` for `key`; past the limit throws DomainError RATE_LIMITED saying when to retry. */
  async consume(name: RateLimitName, key: string, rule: RateRule = this.config.rateLimits[name]): Promise<void> {
    const record = await this.storage.increment(key, rule.windowMs, rule.count, rule.windowMs, name);
    if (!record.isBlocked) return;
    this.metrics.rateLimitedTotal.inc({ limit: name });
    throw new DomainError(ErrorCodes.RateLimited, rateLimitMessage(name, record.timeToBlockExpire), record.timeToBlockExpire);
  }
}
