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

function isReady(entry: QueueEntry, now: number, fallbackMs: number): boolean {
  return entry.interests.length === 0 || now - entry.joinedAt >= fallbackMs;
}
