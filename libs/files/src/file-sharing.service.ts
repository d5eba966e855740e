import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { DomainError, ErrorCodes, nameForType, ServerEvents, type FileUploadResponse } from '@rendezvous/contracts';
import { GuestNotifier, MatchQueue } from '@rendezvous/matchmaking';
import { RateLimiter } from '@rendezvous/redis';
import { SessionService } from '@rendezvous/session';
import { randomUUID } from 'node:crypto';
import type { IncomingFile } from './http/read-single-file.js';
import { claimAgrees, detectFileType } from './policy/detect-file-type.js';
import { safeFileName } from './policy/file-name.js';
import { FileStore } from './store/file-store.port.js';
import type { StoredFile } from './store/stored-file.js';

const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Files shared inside a pairing. The pairing (MatchQueue.pairOf) decides everything: only a paired guest
 * uploads, a file is filed under its pair, and only the pair's two guests find it while the pair lives.
 */
@Injectable()
export class FileSharingService {
  private readonly logger = new Logger(FileSharingService.name);

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
    await this.store.put(file, this.config.fileTtlSeconds * 1000);
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

  /** The file, for either guest of the live pair it was shared in; NOT_FOUND for anyone and anything else. */
  async download(token: string, fileId: string): Promise<StoredFile> {
    const guest = await this.sessions.authenticate(token);
    const pair = FILE_ID.test(fileId) ? await this.queue.pairOf(guest.id) : null;
    const file = pair ? await this.store.get(pair.pairId, fileId) : null;
    if (!file) throw new DomainError(ErrorCodes.NotFound, 'No such file');
    return file;
  }
}
