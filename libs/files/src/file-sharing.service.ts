import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { DomainError, ErrorCodes, nameForType, ServerEvents, type FileUploadResponse } from '@rendezvous/contracts';
import { GuestNotifier, MatchQueue } from '@rendezvous/matchmaking';
import { RateLimiter } from '@rendezvous/redis';
import { SessionService } from '@rendezvous/session';
import { randomUUID } from 'node:crypto';
import { DownloadSlots } from './download-slots.js';
import type { IncomingFile } from './http/read-single-file.js';
import { claimAgrees, detectFileType } from './policy/detect-file-type.js';
import { safeFileName } from './policy/file-name.js';
import { FileStore, type FileQuota, type PutOutcome } from './store/file-store.port.js';
import type { FileInfo, StoredFile } from './store/stored-file.js';

/** How much of a file is read from the store and written out at a time. */
export const DOWNLOAD_CHUNK_BYTES = 64 * 1024;

/** A download that may start: what to send, the bytes a chunk at a time, and `done` once it is over (frees the guest's slot). */
export interface Download {
  info: FileInfo;
  chunks(): AsyncGenerator<Buffer>;
  done(): void;
}

const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Files shared inside a pairing. The pairing (MatchQueue.pairOf) decides everything: only a paired guest
 * uploads, a file is filed under its pair, and only the pair's two guests find it while the pair lives.
 */
@Injectable()
export class FileSharingService {
  private readonly logger = new Logger(FileSharingService.name);
  private readonly downloads = new DownloadSlots();

  constructor(
    private readonly sessions: SessionService,
    private readonly queue: MatchQueue,
    private readonly store: FileStore,
    private readonly notifier: GuestNotifier,
    private readonly limits: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Checks who is asking before `read` touches the body: the token, the pairing, the upload budget.
   * Then the bytes decide the type; the partner is told with `chat:file`.
   */
  async upload(token: string, read: (maxBytes: number) => Promise<IncomingFile>): Promise<FileUploadResponse> {
    const guest = await this.sessions.authenticate(token);
    const pair = await this.queue.pairOf(guest.id);
    if (!pair) throw new DomainError(ErrorCodes.NotConnected, 'You can share files only with a partner');
    await this.limits.consume('fileUpload', guest.id);
    const incoming = await read(this.config.fileMaxBytes);
    if (incoming.data.length === 0) throw new DomainError(ErrorCodes.InvalidPayload, 'The file is empty');
    const mime = detectFileType(incoming.data);
    if (!mime) throw new DomainError(ErrorCodes.UnsupportedFileType, 'Only images (PNG, JPEG, GIF, WebP), PDF and plain text can be shared');
    if (!claimAgrees(incoming.claimedMime, mime)) throw new DomainError(ErrorCodes.UnsupportedFileType, `The file's content does not match its type`);

    const file: StoredFile = {
      fileId: randomUUID(),
      pairId: pair.pairId,
      // Saved under the extension of what the bytes are, never the one the uploader chose.
      name: nameForType(safeFileName(incoming.name), mime),
      mime,
      size: incoming.data.length,
      uploaderId: guest.id,
      data: incoming.data,
    };
    const outcome = await this.store.put(file, this.config.fileTtlSeconds * 1000, this.quota());
    if (outcome !== 'stored') throw this.refusal(outcome);
    // The pair may have ended while the bytes arrived, after its files were deleted: then these go too.
    if ((await this.queue.pairOf(guest.id))?.pairId !== pair.pairId) {
      await this.store.deletePair(pair.pairId);
      throw new DomainError(ErrorCodes.NotConnected, 'The chat ended before the file arrived');
    }
    const shared: FileUploadResponse = { fileId: file.fileId, name: file.name, size: file.size, mime };
    this.notifier.emit(pair.partnerId, ServerEvents.ChatFile, { ...shared, from: guest.id, fromUsername: guest.username });
    this.logger.log(`file shared file=${file.fileId} size=${file.size} pair=${pair.pairId}`);
    return shared;
  }

  /**
   * A file of the guest's live pair (NOT_FOUND for anyone and anything else), to stream a chunk at a
   * time: a slow or stalled reader never makes the process hold a copy of the whole file.
   */
  async download(token: string, fileId: string): Promise<Download> {
    const guest = await this.sessions.authenticate(token);
    const pair = FILE_ID.test(fileId) ? await this.queue.pairOf(guest.id) : null;
    const info = pair ? await this.store.info(pair.pairId, fileId) : null;
    if (!info) throw new DomainError(ErrorCodes.NotFound, 'No such file');
    const done = this.downloads.take(guest.id);
    const store = this.store;
    return {
      info,
      done,
      async *chunks() {
        for (let offset = 0; offset < info.size; offset += DOWNLOAD_CHUNK_BYTES) {
          const chunk = await store.read(info.pairId, info.fileId, offset, DOWNLOAD_CHUNK_BYTES);
          // Deleted meanwhile (the pair ended): the download stops short rather than sending anything else.
          if (chunk.length === 0) throw new DomainError(ErrorCodes.NotFound, 'The file was deleted during the download');
          yield chunk;
        }
      },
    };
  }

  private quota(): FileQuota {
    return { filesPerPair: this.config.filesPerPair, bytesPerPair: this.config.filePairMaxBytes, totalBytes: this.config.fileTotalMaxBytes };
  }

  private refusal(outcome: Exclude<PutOutcome, 'stored'>): DomainError {
    this.logger.warn(`file refused: ${outcome}`);
    if (outcome === 'pair-files') return new DomainError(ErrorCodes.FileLimitReached, `This chat already holds ${this.config.filesPerPair} files, the most one chat can share`);
    if (outcome === 'pair-bytes') {
      return new DomainError(ErrorCodes.FileLimitReached, `This chat's files would exceed ${Math.round(this.config.filePairMaxBytes / 1024 / 1024)} MB, the most one chat can share`);
    }
    return new DomainError(ErrorCodes.ServiceUnavailable, 'File sharing is full right now; try again in a few minutes');
  }
}
