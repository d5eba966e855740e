import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { FileStore, type FileQuota, type PutOutcome } from './file-store.port.js';
import type { FileInfo, StoredFile } from './stored-file.js';

interface Held {
  file: StoredFile;
  expiry: NodeJS.Timeout;
}

/** Embedded-mode store: the process's memory, each file dropped by its own timer at the TTL. */
@Injectable()
export class InMemoryFileStore extends FileStore implements OnModuleDestroy {
  private readonly pairs = new Map<string, Map<string, Held>>();
  private bytes = 0;

  async put(file: StoredFile, ttlMs: number, quota: FileQuota): Promise<PutOutcome> {
    const files = this.pairs.get(file.pairId) ?? new Map<string, Held>();
    const previous = files.get(file.fileId);
    let pairBytes = 0;
    for (const held of files.values()) if (held !== previous) pairBytes += held.file.size;
    const pairFiles = files.size - (previous ? 1 : 0);
    if (pairFiles + 1 > quota.filesPerPair) return 'pair-files';
    if (pairBytes + file.size > quota.bytesPerPair) return 'pair-bytes';
    if (this.bytes - (previous?.file.size ?? 0) + file.size > quota.totalBytes) return 'total-bytes';
    if (previous) this.drop(file.pairId, file.fileId);
    this.pairs.set(file.pairId, files);
    const expiry = setTimeout(() => this.drop(file.pairId, file.fileId), ttlMs);
    expiry.unref();
    files.set(file.fileId, { file: { ...file, data: Buffer.from(file.data) }, expiry });
    this.bytes += file.size;
    return 'stored';
  }

  async info(pairId: string, fileId: string): Promise<FileInfo | null> {
    const file = this.pairs.get(pairId)?.get(fileId)?.file;
    if (!file) return null;
    const { data: _data, ...info } = file;
    return info;
  }

  /** A view of the held bytes, not a copy. */
  async read(pairId: string, fileId: string, offset: number, length: number): Promise<Buffer> {
    const data = this.pairs.get(pairId)?.get(fileId)?.file.data;
    return data ? data.subarray(offset, offset + length) : Buffer.alloc(0);
  }

  async deletePair(pairId: string): Promise<number> {
    const files = this.pairs.get(pairId);
    if (!files) return 0;
    const count = files.size;
    for (const fileId of [...files.keys()]) this.drop(pairId, fileId);
    return count;
  }

  async totalBytes(): Promise<number> {
    return this.bytes;
  }

  /** Ids of the files held for one pair, for leak checks. */
  fileIds(pairId: string): string[] {
    return [...(this.pairs.get(pairId)?.keys() ?? [])];
  }

  /** Files and pairs held, for leak checks. */
  sizes(): { files: number; pairs: number } {
    let files = 0;
    for (const held of this.pairs.values()) files += held.size;
    return { files, pairs: this.pairs.size };
  }

  onModuleDestroy(): void {
    for (const pairId of [...this.pairs.keys()]) void this.deletePair(pairId);
  }

  private drop(pairId: string, fileId: string): void {
    const files = this.pairs.get(pairId);
    const held = files?.get(fileId);
    if (!files || !held) return;
    clearTimeout(held.expiry);
    files.delete(fileId);
    this.bytes -= held.file.size;
    if (files.size === 0) this.pairs.delete(pairId);
  }
}
