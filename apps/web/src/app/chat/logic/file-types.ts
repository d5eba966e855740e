/**
 * Structural types of the browser pieces file sharing uses (File, Blob, XMLHttpRequest upload,
 * URL.createObjectURL), so the logic runs under plain jest with fakes. The DOM adapters live
 * outside logic/ (../xhr-file-uploader.ts, ../file-tokens.ts).
 */

/** A File as picked or dropped: its bytes are opaque here. */
export interface FileLike {
  readonly name: string;
  readonly size: number;
  readonly type: string;
}

/** Bytes fetched or picked (a Blob in the browser); only handed to ObjectUrls. */
export type BlobLike = object;

export interface UploadResult {
  status: number;
  /** The JSON body, or null when there was none (or it was not JSON). */
  body: unknown;
  /** Retry-After in seconds, on 429. */
  retryAfterSeconds: number | null;
}

export interface UploadRequest {
  url: string;
  token: string;
  field: string;
  file: FileLike;
  /** Upload progress, 0..1. */
  onProgress(fraction: number): void;
}

export interface UploadHandle {
  /** Rejects only when the request could not be made at all (network) or was aborted. */
  readonly result: Promise<UploadResult>;
  abort(): void;
}

/** Sends one file as multipart/form-data with progress (XMLHttpRequest in the browser). */
export interface FileUploader {
  upload(request: UploadRequest): UploadHandle;
}

/** URL.createObjectURL / revokeObjectURL. */
export interface ObjectUrls {
  create(blob: BlobLike | FileLike): string;
  revoke(url: string): void;
}
