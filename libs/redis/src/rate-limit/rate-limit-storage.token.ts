/** DI token of the process's ThrottlerStorage (Redis or memory), shared by the throttler's guard and RateLimiter. */
export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');
