import { describe, expect, it } from '@jest/globals';
import type { FileLike } from './file-types.js';
import { XhrFileUploader, type FormLike, type XhrLike } from './xhr-file-uploader.js';

class FakeXhr implements XhrLike {
  readonly upload: XhrLike['upload'] = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  readonly headers: Record<string, string> = {};
  readonly responseHeaders: Record<string, string> = {};
  opened: [string, string] | null = null;
  sent: unknown = null;
  aborted = false;
  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  open(method: string, url: string): void {
    this.opened = [method, url];
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  send(body: unknown): void {
    this.sent = body;
  }
  abort(): void {
    this.aborted = true;
    this.onabort?.();
  }
  respond(status: number, body: string, headers: Record<string, string> = {}): void {
    this.status = status;
    this.responseText = body;
    Object.assign(this.responseHeaders, headers);
    this.onload?.();
  }
}

class FakeForm implements FormLike {
  readonly parts: Array<[string, FileLike, string]> = [];
  append(name: string, value: FileLike, fileName: string): void {
    this.parts.push([name, value, fileName]);
  }
}

function setup() {
  const xhr = new FakeXhr();
  const form = new FakeForm();
  const progress: number[] = [];
  const file: FileLike = { name: 'cat.png', size: 1000, type: 'image/png' };
  const handle = new XhrFileUploader(() => xhr, () => form).upload({ url: '/api/files', token: 'tok', field: 'file', file, onProgress: (f) => progress.push(f) });
  return { xhr, form, progress, file, handle };
}

describe('XhrFileUploader', () => {
  it('POSTs the file as the multipart field with the Bearer token', () => {
    const { xhr, form, file } = setup();
    expect(xhr.opened).toEqual(['POST', '/api/files']);
    expect(xhr.headers).toEqual({ Authorization: 'Bearer tok' });
    expect(form.parts).toEqual([['file', file, 'cat.png']]);
    expect(xhr.sent).toBe(form);
  });

  it('reports upload progress as a fraction, when the browser knows the total', () => {
    const { xhr, progress } = setup();
    xhr.upload.onprogress?.({ lengthComputable: false, loaded: 10, total: 0 });
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 250, total: 1000 });
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 1000, total: 1000 });
    expect(progress).toEqual([0.25, 1]);
  });

  it('resolves with the status, the JSON body and Retry-After', async () => {
    const { xhr, handle } = setup();
    xhr.respond(429, '{"code":"RATE_LIMITED"}', { 'retry-after': '17' });
    await expect(handle.result).resolves.toEqual({ status: 429, body: { code: 'RATE_LIMITED' }, retryAfterSeconds: 17 });
  });

  it('copes with a body that is not JSON', async () => {
    const { xhr, handle } = setup();
    xhr.respond(502, '<html>Bad gateway</html>');
    await expect(handle.result).resolves.toEqual({ status: 502, body: null, retryAfterSeconds: null });
  });

  it('rejects on a network error and when aborted', async () => {
    const failed = setup();
    failed.xhr.onerror?.();
    await expect(failed.handle.result).rejects.toThrow('did not reach');
    const stopped = setup();
    stopped.handle.abort();
    expect(stopped.xhr.aborted).toBe(true);
    await expect(stopped.handle.result).rejects.toThrow('stopped');
  });
});
