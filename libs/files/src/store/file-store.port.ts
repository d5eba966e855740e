import type { StoredFile } from './stored-file.js';

/**
 * The shared files of live pairs, filed under their pair: a file is only ever found through the
 * pair it belongs to, and a pair's files go all at once.
 */
export abstract class FileStore {
  /** Stores the file for `ttlMs` at most (the safety net if its pair's end is never seen). */
  abstract put(file: StoredFile, ttlMs: number): Promise<void>;
  /** The file, if it belongs to this pair and has not expired or been deleted. */
  abstract get(pairId: string, fileId: string): Promise<StoredFile | null>;
  /** Deletes every file of the pair; returns how many there were. */
  abstract deletePair(pairId: string): Promise<number>;
}
