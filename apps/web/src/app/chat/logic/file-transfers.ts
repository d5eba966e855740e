import { FileLimits, nameForType, type ChatFileEvent, type FileUploadResponse } from '@rendezvous/contracts';
import type { BlobLike, FileLike, FileUploader, ObjectUrls, UploadHandle, UploadResult } from './file-types.js';
import { precheckFile, uploadErrorMessage } from './upload-errors.js';

/**
 * One shared file in the chat. `uploading` (mine, with progress) → `ready`; a partner's file is
 * `loading` while its bytes are fetched, then `ready` with `url` (a blob: URL) for the preview or link.
 */
export interface FileEntry {
  key: string;
  name: string;
  size: number;
  mime: string;
  mine: boolean;
  state: 'uploading' | 'loading' | 'ready' | 'unavailable';
  /** 0..1 while uploading. */
  progress: number;
  url: string | null;
  /** Shown inline as an image. */
  preview: boolean;
}

export interface FileTransferDeps {
  uploader: FileUploader;
  urls: ObjectUrls;
  /** The file's bytes, fetched with the guest's token. */
  download(fileId: string): Promise<BlobLike>;
  token(): string | null;
  uploadUrl: string;
  maxBytes: number;
  /** A file bubble to add to the chat log. */
  addLine(key: string, mine: boolean, author: string): void;
  removeLine(key: string): void;
  /** An error to show in the chat. */
  say(text: string): void;
  /** Called after every change of `entries`. */
  changed(): void;
}

const PREVIEW: readonly string[] = FileLimits.previewTypes;

/** Sending and receiving files in the current chat; owns the blob URLs and revokes them on reset. */
export class FileTransfers {
  private readonly byKey = new Map<string, FileEntry>();
  private readonly uploads = new Map<string, UploadHandle>();
  /** Bumped by reset(), so answers about an earlier chat are ignored. */
  private generation = 0;
  private seq = 0;

  constructor(private readonly deps: FileTransferDeps) {}

  get entries(): ReadonlyMap<string, FileEntry> {
    return this.byKey;
  }

  /** Sends a picked or dropped file to the partner; refuses early what the server would refuse. */
  send(file: FileLike): void {
    const problem = precheckFile(file, this.deps.maxBytes);
    const token = this.deps.token();
    if (problem || !token) {
      this.deps.say(problem ?? `“${file.name}” was not sent: no session.`);
      return;
    }
    const key = `up-${++this.seq}`;
    const generation = this.generation;
    const preview = PREVIEW.includes(file.type);
    this.put({ key, name: file.name, size: file.size, mime: file.type, mine: true, state: 'uploading', progress: 0, url: null, preview });
    this.deps.addLine(key, true, 'You');
    const handle = this.deps.uploader.upload({
      url: this.deps.uploadUrl,
      token,
      field: FileLimits.field,
      file,
      onProgress: (fraction) => generation === this.generation && this.patch(key, { progress: Math.min(1, Math.max(0, fraction)) }),
    });
    this.uploads.set(key, handle);
    handle.result.then(
      (result) => generation === this.generation && this.finishUpload(key, file, result),
      () => generation === this.generation && this.failUpload(key, file, null),
    );
  }

  /** The partner shared a file: show it, and fetch its bytes for the preview or the download link. */
  receive(event: ChatFileEvent): void {
    const key = `file-${event.fileId}`;
    if (this.byKey.has(key)) return;
    const generation = this.generation;
    // Saved under the extension of the type the server detected, whatever name the partner gave it.
    const name = nameForType(event.name, event.mime);
    this.put({ key, name, size: event.size, mime: event.mime, mine: false, state: 'loading', progress: 1, url: null, preview: PREVIEW.includes(event.mime) });
    this.deps.addLine(key, false, event.fromUsername);
    this.deps.download(event.fileId).then(
      (blob) => {
        if (generation !== this.generation) return;
        this.patch(key, { state: 'ready', url: this.deps.urls.create(blob) });
      },
      () => generation === this.generation && this.patch(key, { state: 'unavailable' }),
    );
  }

  /** A new chat (or none): stops uploads and frees every blob URL. */
  reset(): void {
    this.generation++;
    for (const handle of this.uploads.values()) handle.abort();
    this.uploads.clear();
    for (const entry of this.byKey.values()) if (entry.url) this.deps.urls.revoke(entry.url);
    this.byKey.clear();
    this.deps.changed();
  }

  private finishUpload(key: string, file: FileLike, result: UploadResult): void {
    this.uploads.delete(key);
    if (result.status !== 201) return this.failUpload(key, file, result);
    const body = result.body as Partial<FileUploadResponse> | null;
    const mime = typeof body?.mime === 'string' ? body.mime : file.type;
    // My own file: its bytes are right here, no need to fetch them back.
    this.patch(key, { state: 'ready', progress: 1, mime, preview: PREVIEW.includes(mime), url: this.deps.urls.create(file) });
  }

  private failUpload(key: string, file: FileLike, result: UploadResult | null): void {
    this.uploads.delete(key);
    this.byKey.delete(key);
    this.deps.changed();
    this.deps.removeLine(key);
    this.deps.say(uploadErrorMessage(file, result, this.deps.maxBytes));
  }

  private put(entry: FileEntry): void {
    this.byKey.set(entry.key, entry);
    this.deps.changed();
  }

  private patch(key: string, patch: Partial<FileEntry>): void {
    const entry = this.byKey.get(key);
    if (!entry) return;
    this.byKey.set(key, { ...entry, ...patch });
    this.deps.changed();
  }
}
