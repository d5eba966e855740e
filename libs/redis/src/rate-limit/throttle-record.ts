import type { ThrottlerStorage } from '@nestjs/throttler';

/** What ThrottlerStorage.increment resolves to (the package does not export the type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** The record @nestjs/throttler expects: times in whole seconds, rounded up. */
export function toRecord(totalHits: number, msToExpire: number, isBlocked: boolean, msToBlockExpire: number): ThrottlerStorageRecord {
  return {
    totalHits,
    timeToExpire: Math.max(0, Math.ceil(msToExpire / 1000)),
    isBlocked,
    timeToBlockExpire: isBlocked ? Math.max(1, Math.ceil(msToBlockExpire / 1000)) : 0,
  };
}
