import { describe, expect, it } from '@jest/globals';
import type { ChatFileEvent } from '@rendezvous/contracts';
import type { BlobLike, FileLike, FileUploader, ObjectUrls, UploadRequest, UploadResult } from './file-types.js';
import { FileTransfers, type FileTransferDeps } from './file-transfers.js';
import { formatBytes } from './format-bytes.js';

const MAX = 5 * 1024 * 1024;

class FakeUploader implements FileUploader {
  readonly requests: Array<UploadRequest & { resolve(result: UploadResult): void; reject(error: Error): void; aborted: boolean }> = [];
  upload(request: UploadRequest) {
    let resolve!: (result: UploadResult) => void;
    let reject!: (error: Error) => void;
    const result = new Promise<UploadResult>((res, rej) => ((resolve = res), (reject = rej)));
    const entry = { ...request, resolve, reject, aborted: false };
    this.requests.push(entry);
    return { result, abort: () => ((entry.aborted = true), reject(new Error('aborted'))) };
  }
}

class FakeUrls implements ObjectUrls {
  readonly live = new Set<string>();
  private n = 0;
  create(): string {
    const url = `blob:test/${++this.n}`;
    this.live.add(url);
    return url;
  }
  revoke(url: string): void {
    this.live.delete(url);
  }
}

function setup(overrides: Partial<FileTransferDeps> = {}) {
  const uploader = new FakeUploader();
  const urls = new FakeUrls();
  const lines: Array<{ key: string; mine: boolean; author: string }> = [];
  const said: string[] = [];
  const downloads = new Map<string, { resolve(blob: BlobLike): void; reject(error: Error): void }>();
  const transfers = new FileTransfers({
    uploader,
    urls,
    download: (fileId) => new Promise((resolve, reject) => downloads.set(fileId, { resolve, reject })),
    token: () => 'token-1',
    uploadUrl: '/api/files',
    maxBytes: MAX,
    addLine: (key, mine, author) => lines.push({ key, mine, author }),
    removeLine: (key) => lines.splice(lines.findIndex((line) => line.key === key), 1),
    say: (text) => said.push(text),
    changed: () => undefined,
    ...overrides,
  });
  return { transfers, uploader, urls, lines, said, downloads };
}

const file = (name: string, size: number, type: string): FileLike => ({ name, size, type });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const created = (body: object): UploadResult => ({ status: 201, body, retryAfterSeconds: null });
const event = (overrides: Partial<ChatFileEvent> = {}): ChatFileEvent => ({
  fileId: 'f-1',
  name: 'cat.png',
  size: 2048,
  mime: 'image/png',
  from: 'bob-id',
  fromUsername: 'Bob',
  ...overrides,
});

describe('FileTransfers: sending', () => {
  it('uploads with the token to the multipart field, shows progress, then the file itself as the preview', async () => {
    const { transfers, uploader, urls, lines } = setup();
    const photo = file('cat.png', 1000, 'image/png');
    transfers.send(photo);
    expect(uploader.requests).toHaveLength(1);
    expect(uploader.requests[0]).toMatchObject({ url: '/api/files', token: 'token-1', field: 'file', file: photo });
    const [line] = lines;
    expect(line).toMatchObject({ mine: true, author: 'You' });
    expect(transfers.entries.get(line.key)).toMatchObject({ state: 'uploading', progress: 0, preview: true, url: null });
    uploader.requests[0].onProgress(0.4);
    expect(transfers.entries.get(line.key)?.progress).toBe(0.4);
    uploader.requests[0].resolve(created({ fileId: 'f-9', name: 'cat.png', size: 1000, mime: 'image/png' }));
    await flush();
    expect(transfers.entries.get(line.key)).toMatchObject({ state: 'ready', progress: 1, url: 'blob:test/1' });
    expect(urls.live.size).toBe(1);
  });

  it('believes the type the server detected, not the one the browser guessed', async () => {
    const { transfers, uploader, lines } = setup();
    transfers.send(file('scan.png', 1000, 'image/png'));
    uploader.requests[0].resolve(created({ fileId: 'f-9', mime: 'application/pdf' }));
    await flush();
    expect(transfers.entries.get(lines[0].key)).toMatchObject({ mime: 'application/pdf', preview: false });
  });

  it('refuses before uploading a file over the limit, an empty one, or a type the server never takes', () => {
    const { transfers, uploader, lines, said } = setup();
    transfers.send(file('huge.png', MAX + 1, 'image/png'));
    transfers.send(file('empty.txt', 0, 'text/plain'));
    transfers.send(file('tool.exe', 100, 'application/x-msdownload'));
    expect(uploader.requests).toEqual([]);
    expect(lines).toEqual([]);
    expect(said).toEqual([
      `“huge.png” is too large to send: the limit is ${formatBytes(MAX)}.`,
      '“empty.txt” is empty.',
      '“tool.exe” was not sent: only images (PNG, JPEG, GIF, WebP), PDF and plain text files can be shared.',
    ]);
  });

  it('leaves unknown and textual types to the server, which reads the bytes', () => {
    const { transfers, uploader } = setup();
    transfers.send(file('notes', 10, ''));
    transfers.send(file('notes.md', 10, 'text/markdown'));
    expect(uploader.requests).toHaveLength(2);
  });

  it.each([
    [413, null, { code: 'X' }, '“x.png” is too large to send: the limit is 5 MB.'],
    [415, null, { code: 'X' }, '“x.png” was not sent: only images (PNG, JPEG, GIF, WebP), PDF and plain text files can be shared.'],
    [429, 42, { code: 'X' }, 'You are sending files too fast. Try again in 42 s.'],
    [409, null, { code: 'X' }, '“x.png” was not sent: the chat has ended.'],
    [409, null, { code: 'FILE_LIMIT_REACHED', message: 'This chat already holds 10 files, the most one chat can share' }, '“x.png” was not sent: this chat already holds 10 files, the most one chat can share.'],
    [503, null, { code: 'SERVICE_UNAVAILABLE', message: 'File sharing is full right now; try again in a few minutes' }, '“x.png” was not sent: file sharing is full right now; try again in a few minutes.'],
    [500, null, { code: 'X' }, '“x.png” could not be sent (error 500).'],
  ])('says in the chat why the server refused it (%i) and removes the bubble', async (status, retryAfterSeconds, body, message) => {
    const { transfers, uploader, lines, said } = setup();
    transfers.send(file('x.png', 10, 'image/png'));
    uploader.requests[0].resolve({ status, body, retryAfterSeconds });
    await flush();
    expect(said).toEqual([message]);
    expect(lines).toEqual([]);
    expect(transfers.entries.size).toBe(0);
  });

  it('says so when the upload never reached the server', async () => {
    const { transfers, uploader, said } = setup();
    transfers.send(file('x.png', 10, 'image/png'));
    uploader.requests[0].reject(new Error('network'));
    await flush();
    expect(said).toEqual(['“x.png” could not be sent. Check your connection and try again.']);
  });
});

describe('FileTransfers: receiving', () => {
  it("shows the partner's image as loading, then previews it from a blob URL", async () => {
    const { transfers, downloads, lines } = setup();
    transfers.receive(event());
    expect(lines).toEqual([{ key: 'file-f-1', mine: false, author: 'Bob' }]);
    expect(transfers.entries.get('file-f-1')).toMatchObject({ state: 'loading', preview: true, url: null, name: 'cat.png', size: 2048 });
    downloads.get('f-1')!.resolve({});
    await flush();
    expect(transfers.entries.get('file-f-1')).toMatchObject({ state: 'ready', url: 'blob:test/1' });
  });

  it('offers other files as links once fetched, and marks a file that is gone as unavailable', async () => {
    const { transfers, downloads } = setup();
    transfers.receive(event({ fileId: 'f-2', name: 'doc.pdf', mime: 'application/pdf' }));
    transfers.receive(event({ fileId: 'f-3', name: 'gone.txt', mime: 'text/plain' }));
    downloads.get('f-2')!.resolve({});
    downloads.get('f-3')!.reject(new Error('404'));
    await flush();
    expect(transfers.entries.get('file-f-2')).toMatchObject({ state: 'ready', preview: false, url: 'blob:test/1' });
    expect(transfers.entries.get('file-f-3')).toMatchObject({ state: 'unavailable', url: null });
  });

  it("saves the partner's file under the extension of the type the server detected", () => {
    const { transfers } = setup();
    transfers.receive(event({ fileId: 'f-4', name: 'holiday-photo.js', mime: 'text/plain' }));
    transfers.receive(event({ fileId: 'f-5', name: 'poly.html', mime: 'image/gif' }));
    expect(transfers.entries.get('file-f-4')?.name).toBe('holiday-photo.txt');
    expect(transfers.entries.get('file-f-5')?.name).toBe('poly.gif');
  });

  it('ignores the same event twice', () => {
    const { transfers, lines } = setup();
    transfers.receive(event());
    transfers.receive(event());
    expect(lines).toHaveLength(1);
  });
});

describe('FileTransfers: reset', () => {
  it('revokes every blob URL, aborts uploads, and ignores answers about the old chat', async () => {
    const { transfers, uploader, downloads, urls, said } = setup();
    transfers.receive(event());
    downloads.get('f-1')!.resolve({});
    await flush();
    transfers.receive(event({ fileId: 'f-late' }));
    transfers.send(file('mine.png', 10, 'image/png'));
    expect(urls.live.size).toBe(1);
    transfers.reset();
    expect(urls.live.size).toBe(0);
    expect(uploader.requests[0].aborted).toBe(true);
    expect(transfers.entries.size).toBe(0);
    downloads.get('f-late')!.resolve({});
    await flush();
    expect(urls.live.size).toBe(0);
    expect(transfers.entries.size).toBe(0);
    expect(said).toEqual([]);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KB'],
    [20 * 1024, '20 KB'],
    [5 * 1024 * 1024, '5 MB'],
    [4.84 * 1024 * 1024, '4.8 MB'],
  ])('%i bytes → %s', (bytes, words) => expect(formatBytes(bytes)).toBe(words));
});
