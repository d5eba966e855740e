import { SetMetadata } from '@nestjs/common';
import type { RateLimits } from '@rendezvous/config';

export const RATE_LIMIT_METADATA = 'rendezvous:rate-limit';
export type RateLimitName = keyof RateLimits & string;

/**
 * Puts an HTTP route under one of the configured limits (`config.rateLimits[name]`), counted per client
 * IP in the shared store: past it the route answers 429 `{code: 'RATE_LIMITED', message}` with Retry-After.
 */
export const RateLimit = (name: RateLimitName) => SetMetadata(RATE_LIMIT_METADATA, name);

/** The limit a route is under, if any. */
export function rateLimitOf(handler: object): RateLimitName | undefined {
  return Reflect.getMetadata(RATE_LIMIT_METADATA, handler) as RateLimitName | undefined;
}
