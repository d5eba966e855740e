/**
 * DI token of the process's ThrottlerStorage (Redis or memory). RateLimiter injects it by this token
 * rather than the package's own, so that nothing but RateLimitModule.forRoot loads @nestjs/throttler at
 * run time (see there why).
 */
export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');
