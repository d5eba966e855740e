/** A file one guest of a pair shared with the other. The bytes live in memory or Redis, never on disk. */
export interface StoredFile {
  fileId: string;
  pairId: string;
  /** Already made safe to show and to put in a header. */
  name: string;
  /** As detected from the bytes. */
  mime: string;
  size: number;
  uploaderId: string;
  data: Buffer;
}

/** A stored file without its bytes. */
export type FileInfo = Omit<StoredFile, 'data'>;
