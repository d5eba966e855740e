import { request } from 'node:http';
import { connect } from 'node:net';

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

export interface FloodOutcome {
  /** Status of the answer, if one arrived before the connection went. */
  status: number | null;
  /** Body bytes the client got to send (into the socket) before the server cut it off, or the cap. */
  written: number;
  /** Whether the server closed the connection before the client had sent `capBytes`. */
  cut: boolean;
}

/**
 * Sends a chunked upload of `capBytes` over a raw TCP connection as fast as it takes it (a client that
 * ignores the early 413) and reports how much got out before the server closed the connection.
 */
export function uploadFlood(apiUrl: string, token: string, capBytes: number): Promise<FloodOutcome> {
  const url = new URL(apiUrl);
  const boundary = 'rdv-test-boundary';
  return new Promise((resolve) => {
    let answer = '';
    let written = 0;
    let closed = false;
    const socket = connect(Number(url.port), url.hostname);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => (closed = true));
    const chunked = (data: Buffer | string) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      return socket.write(Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]));
    };
    socket.once('connect', async () => {
      socket.write(
        `POST /api/files HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      chunked(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      while (!closed && written < capBytes) {
        written += chunk.length;
        if (!chunked(chunk)) await new Promise((r) => { socket.once('drain', r); socket.once('close', r); });
      }
      const cut = closed;
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      resolve({ status: status ? Number(status) : null, written, cut });
    });
  });
}
