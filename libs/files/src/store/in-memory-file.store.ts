import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { FileStore } from './file-store.port.js';
import type { StoredFile } from './stored-file.js';

interface Held {
  file: StoredFile;
  expiry: NodeJS.Timeout;
}

/** Embedded-mode store: the process's memory, each file dropped by its own timer at the TTL. */
@Injectable()
export class InMemoryFileStore extends FileStore implements OnModuleDestroy {
  private readonly pairs = new Map<string, Map<string, Held>>();

  async put(file: StoredFile, ttlMs: number): Promise<void> {
    const files = this.pairs.get(file.pairId) ?? new Map<string, Held>();
    this.pairs.set(file.pairId, files);
    const previous = files.get(file.fileId);
    if (previous) clearTimeout(previous.expiry);
    const expiry = setTimeout(() => this.drop(file.pairId, file.fileId), ttlMs);
    expiry.unref();
    files.set(file.fileId, { file: { ...file, data: Buffer.from(file.data) }, expiry });
  }

  async get(pairId: string, fileId: string): Promise<StoredFile | null> {
    return this.pairs.get(pairId)?.get(fileId)?.file ?? null;
  }

  async deletePair(pairId: string): Promise<number> {
    const files = this.pairs.get(pairId);
    if (!files) return 0;
    for (const held of files.values()) clearTimeout(held.expiry);
    this.pairs.delete(pairId);
    return files.size;
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
    files?.delete(fileId);
    if (files?.size === 0) this.pairs.delete(pairId);
  }
}
