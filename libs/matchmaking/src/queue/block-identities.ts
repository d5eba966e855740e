import type { QueueEntry } from './queue-entry.js';

/**
 * The names a guest is known by for blocks: its guest id and, when it has one, its device — so a block
 * also holds against the same device in a later session. (identities in redis-queue.lua.ts mirrors this.)
 */
export function blockIdentities(entry: Pick<QueueEntry, 'guestId' | 'deviceId'>): string[] {
  return entry.deviceId !== null ? [`g:${entry.guestId}`, `d:${entry.deviceId}`] : [`g:${entry.guestId}`];
}
