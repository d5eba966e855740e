import type { FileLike, FileUploader, UploadHandle, UploadRequest, UploadResult } from './file-types.js';

/** The part of XMLHttpRequest an upload uses. */
export interface XhrLike {
  readonly upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  readonly status: number;
  readonly responseText: string;
  getResponseHeader(name: string): string | null;
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: unknown): void;
  abort(): void;
}

export interface FormLike {
  append(name: string, value: FileLike, fileName: string): void;
}

/** Uploads with XMLHttpRequest, the one browser API that reports upload progress. */
export class XhrFileUploader implements FileUploader {
  constructor(
    private readonly createXhr: () => XhrLike,
    private readonly createForm: () => FormLike,
  ) {}

  upload({ url, token, field, file, onProgress }: UploadRequest): UploadHandle {
    const xhr = this.createXhr();
    const result = new Promise<UploadResult>((resolve, reject) => {
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => resolve({ status: xhr.status, body: parseJson(xhr.responseText), retryAfterSeconds: seconds(xhr.getResponseHeader('Retry-After')) });
      xhr.onerror = () => reject(new Error('The upload did not reach the server'));
      xhr.onabort = () => reject(new Error('The upload was stopped'));
    });
    const form = this.createForm();
    form.append(field, file, file.name);
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.send(form);
    return { result, abort: () => xhr.abort() };
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

function seconds(header: string | null): number | null {
  const value = Number(header);
  return header && Number.isFinite(value) && value >= 0 ? value : null;
}
