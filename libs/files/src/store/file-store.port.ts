import type { FileInfo, StoredFile } from './stored-file.js';

/** How much shared files may hold, per pair and all together. */
export interface FileQuota {
  /** Files one pair may hold at once. */
  filesPerPair: number;
  /** Bytes one pair may hold at once. */
  bytesPerPair: number;
  /** Bytes every pair together may hold (the embedded process's memory, or Redis). */
  totalBytes: number;
}

/** What `put` did: stored the file, or which part of the quota it would have broken (nothing is stored then). */
export type PutOutcome = 'stored' | 'pair-files' | 'pair-bytes' | 'total-bytes';

/**
 * The shared files of live pairs, filed under their pair: a file is only ever found through the
 * pair it belongs to, and a pair's files go all at once. Bytes are read in ranges, so serving a file
 * never needs a copy of all of it.
 */
export abstract class FileStore {
  /** Stores the file for `ttlMs` at most (the safety net if its pair's end is never seen), within the quota, atomically. */
  abstract put(file: StoredFile, ttlMs: number, quota: FileQuota): Promise<PutOutcome>;
  /** What is known about the file without its bytes, if it belongs to this pair and has not expired or been deleted. */
  abstract info(pairId: string, fileId: string): Promise<FileInfo | null>;
  /** Up to `length` bytes of the file from `offset`; empty past its end or once it is gone. */
  abstract read(pairId: string, fileId: string, offset: number, length: number): Promise<Buffer>;
  /** Deletes every file of the pair; returns how many there were. */
  abstract deletePair(pairId: string): Promise<number>;
  /** Bytes held by every pair together (expired files not counted). */
  abstract totalBytes(): Promise<number>;

  /** The whole file at once (tests, small files). */
  async get(pairId: string, fileId: string): Promise<StoredFile | null> {
    const info = await this.info(pairId, fileId);
    return info ? { ...info, data: await this.read(pairId, fileId, 0, info.size) } : null;
  }
}
