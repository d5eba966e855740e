import { HttpException, HttpStatus, Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { ErrorCodes } from '@rendezvous/contracts';
import { Metrics } from '@rendezvous/observability';
import { createHmac } from 'node:crypto';
import { rateLimitMessage } from './rate-limit-messages.js';
import { rateLimitOf } from './rate-limit.decorator.js';

/**
 * @nestjs/throttler's guard, applied to routes marked `@RateLimit(name)` only, counted per client IP.
 * The IP is stored only as a keyed hash; a refusal is 429 `{statusCode, code: 'RATE_LIMITED', message}`
 * with Retry-After, and is counted in `rendezvous_rate_limited_total{limit}`.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http' || rateLimitOf(context.getHandler()) === undefined;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`${name}:${tracker}`).digest('base64url');
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const name = rateLimitOf(context.getHandler()) ?? 'default';
    this.metrics.rateLimitedTotal.inc({ limit: name });
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    this.setResponseHeader(context.switchToHttp().getResponse(), 'Retry-After', retryAfter);
    throw new HttpException(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, code: ErrorCodes.RateLimited, message: rateLimitMessage(name, retryAfter) },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
