import { request } from 'node:http';

export interface UploadFile {
  data: Buffer;
  name?: string;
  /** The type the client claims; '' sends none. */
  type?: string;
}

/** `POST /api/files` as a browser would send it: multipart/form-data, the file in `file`. */
export function uploadFile(apiUrl: string, token: string | undefined, file: UploadFile, field = 'file'): Promise<Response> {
  const form = new FormData();
  form.append(field, new Blob([file.data], file.type ? { type: file.type } : {}), file.name ?? 'file.bin');
  return fetch(`${apiUrl}/api/files`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
}

export function downloadFile(apiUrl: string, token: string | undefined, fileId: string): Promise<Response> {
  return fetch(`${apiUrl}/api/files/${encodeURIComponent(fileId)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

export interface EarlyAnswer {
  status: number;
  body: string;
  /** Whether the request body was still being sent when the answer came. */
  bodyStillOpen: boolean;
}

/**
 * Starts an upload whose body never ends (chunked, `bytes` of file, then silence) and resolves with the
 * response: a server that waits for the whole body never answers, and the test times out.
 */
export function uploadNeverEnding(apiUrl: string, token: string, bytes: number, declaredLength?: number): Promise<EarlyAnswer> {
  const url = new URL('/api/files', apiUrl);
  const boundary = 'rdv-test-boundary';
  return new Promise((resolve, reject) => {
    let ended = false;
    const req = request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(declaredLength === undefined ? {} : { 'content-length': String(declaredLength) }),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const answer = { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), bodyStillOpen: !ended };
        req.destroy();
        resolve(answer);
      });
    });
    req.on('error', (error) => {
      if (!ended) reject(error);
    });
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`);
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    for (let sent = 0; sent < bytes; sent += chunk.length) req.write(chunk);
    // Never req.end(): the body stays open until the response has arrived.
    req.on('close', () => (ended = true));
  });
}
