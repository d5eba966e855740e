import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { HttpRoutes, ServerEvents } from '@rendezvous/contracts';
import { APP_CONFIG } from '../core/app-config';
import { FETCH } from '../core/browser-tokens';
import { SessionService } from '../session/session.service';
import { SocketService } from '../socket/socket.service';
import { ChatService } from './chat.service';
import { FILE_UPLOADER, OBJECT_URLS } from './file-tokens';
import { FileTransfers, type FileEntry } from './logic/file-transfers';
import type { FileLike } from './logic/file-types';

/** Files in the chat: sending (with progress), receiving (preview or link), errors as chat lines. Names are never logged. */
@Injectable({ providedIn: 'root' })
export class FileShareService {
  private readonly chat = inject(ChatService);
  private readonly session = inject(SessionService);
  private readonly fetch = inject(FETCH);
  private readonly config = inject(APP_CONFIG);
  private readonly transfers: FileTransfers;

  readonly entries = signal<ReadonlyMap<string, FileEntry>>(new Map());
  readonly maxBytes = this.config.fileMaxBytes;

  constructor() {
    const base = this.config.apiBaseUrl;
    this.transfers = new FileTransfers({
      uploader: inject(FILE_UPLOADER),
      urls: inject(OBJECT_URLS),
      download: (fileId) => this.download(`${base}${HttpRoutes.files}/${encodeURIComponent(fileId)}`),
      token: () => this.session.token,
      uploadUrl: `${base}${HttpRoutes.files}`,
      maxBytes: this.config.fileMaxBytes,
      addLine: (key, mine, author) => this.chat.addFileLine(key, mine, author),
      removeLine: (key) => this.chat.removeLine(key),
      say: (text) => this.chat.addSystemLine(text),
      changed: () => this.entries.set(new Map(this.transfers.entries)),
    });
    inject(SocketService).on(ServerEvents.ChatFile, (event) => this.transfers.receive(event));
    this.chat.onReset(() => this.transfers.reset());
    inject(DestroyRef).onDestroy(() => this.transfers.reset());
  }

  send(files: Iterable<FileLike>): void {
    for (const file of files) this.transfers.send(file);
  }

  private async download(url: string): Promise<Blob> {
    const token = this.session.token;
    const response = await this.fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (!response.ok) throw new Error(`file download failed with ${response.status}`);
    return response.blob();
  }
}
