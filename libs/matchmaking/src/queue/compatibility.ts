import type { QueueEntry } from './queue-entry.js';

/**
 * Whether two waiting guests may be paired now: never the same guest or device; a shared interest
 * always will do; otherwise both must be "ready" — without interests, or waiting longer than the fallback.
 * (redis-match.scripts.ts mirrors this rule in Lua.)
 */
export function areCompatible(a: QueueEntry, b: QueueEntry, now: number, fallbackMs: number): boolean {
  if (a.guestId === b.guestId) return false;
  if (a.deviceId !== null && a.deviceId === b.deviceId) return false;
  if (a.interests.some((tag) => b.interests.includes(tag))) return true;
  return isReady(a, now, fallbackMs) && isReady(b, now, fallbackMs);
}

/**
 * The names a guest is known by for blocks: its guest id and, when it has one, its device — so a block
 * also holds against the same device in a later session. (redis-match.scripts.ts mirrors this.)
 */
export function blockIdentities(entry: Pick<QueueEntry, 'guestId' | 'deviceId'>): string[] {
  return entry.deviceId !== null ? [`g:${entry.guestId}`, `d:${entry.deviceId}`] : [`g:${entry.guestId}`];
}

/** Every block record that keeps `a` away from `b`; blocks are written both ways, so one direction is enough to check. */
export function blockKeys(a: Pick<QueueEntry, 'guestId' | 'deviceId'>, b: Pick<QueueEntry, 'guestId' | 'deviceId'>): string[] {
  return blockIdentities(a).flatMap((x) => blockIdentities(b).map((y) => `${x}|${y}`));
}

function isReady(entry: QueueEntry, now: number, fallbackMs: number): boolean {
  return entry.interests.length === 0 || now - entry.joinedAt >= fallbackMs;
}
