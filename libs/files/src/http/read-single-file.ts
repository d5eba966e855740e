import { DomainError, ErrorCodes } from '@rendezvous/contracts';
import busboy from 'busboy';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Room for the multipart boundaries and part headers around the file. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;
/**
 * After a refusal, at most this much more of the body is read and thrown away, and the connection is
 * closed this long after the refusal at the latest.
 */
const DISCARD_BUDGET_BYTES = 256 * 1024;
const DISCARD_TIMEOUT_MS = 2_000;

/** The request as Express hands it over: with its response, to close the connection after a refusal. */
type UploadRequest = IncomingMessage & { res?: ServerResponse };

export interface IncomingFile {
  /** As the client named it (not yet made safe). */
  name: string;
  /** As the client claimed it; only compared with what the bytes are. */
  claimedMime: string;
  data: Buffer;
}

/**
 * Reads the one file of a `multipart/form-data` body into memory, never more than `maxBytes` of it:
 * a body that declares or turns out to be larger fails with FILE_TOO_LARGE at once (the caller answers
 * 413), so the whole body is never buffered; the rest of a refused body is not read either (see discardRest).
 */
export function readSingleFile(req: UploadRequest, maxBytes: number, field: string): Promise<IncomingFile> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let parser: busboy.Busboy | null = null;
    let file: IncomingFile | null = null;

    const fail = (error: DomainError): void => {
      if (settled) return;
      settled = true;
      reject(error);
      // Later, not inside a busboy callback: busboy still touches its own state after emitting.
      setImmediate(() => {
        if (parser) {
          req.unpipe(parser);
          parser.destroy();
        }
        discardRest(req);
      });
    };
    const tooLarge = () => new DomainError(ErrorCodes.FileTooLarge, `The file is larger than ${maxBytes} bytes`);
    const invalid = (message: string) => new DomainError(ErrorCodes.InvalidPayload, message);

    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD_BYTES) return fail(tooLarge());
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // busboy reports the limit on reaching it; one byte more lets a file of exactly maxBytes through.
        limits: { files: 1, fileSize: maxBytes + 1, fields: 0, headerPairs: 16 },
      });
    } catch {
      return fail(invalid(`Expected a multipart/form-data body with a "${field}" file`));
    }

    parser.on('file', (name, stream, info) => {
      stream.on('error', () => undefined); // destroyed with the parser after a failure
      if (settled || name !== field) {
        stream.resume();
        return fail(invalid(`Expected the file in the "${field}" field`));
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge()));
      stream.on('end', () => {
        if (!stream.truncated) file = { name: info.filename ?? '', claimedMime: info.mimeType ?? '', data: Buffer.concat(chunks) };
      });
    });
    parser.on('fieldsLimit', () => fail(invalid(`Send only the "${field}" file, no other fields`)));
    parser.on('filesLimit', () => fail(invalid('Send one file at a time')));
    parser.on('error', () => fail(invalid('The multipart body is malformed')));
    parser.on('close', () => {
      if (settled) return;
      if (!file) return fail(invalid(`Expected a file in the "${field}" field`));
      settled = true;
      resolve(file);
    });
    req.on('aborted', () => fail(invalid('The upload was aborted')));
    req.on('error', () => fail(invalid('The upload failed')));
    req.pipe(parser);
  });
}

/**
 * A refused body: the answer goes out with `Connection: close`; a little more of the body is read and
 * dropped (a client that sends a bit too much still gets to read the answer), then reading stops and our
 * side of the connection is closed, and a moment later the connection is gone — never the rest of an
 * endless upload.
 */
function discardRest(req: UploadRequest): void {
  if (req.complete) return;
  if (req.res && !req.res.headersSent) req.res.setHeader('Connection', 'close');
  let left = DISCARD_BUDGET_BYTES;
  const timer = setTimeout(() => req.socket.destroy(), DISCARD_TIMEOUT_MS);
  timer.unref();
  const stop = () => {
    req.pause();
    req.removeListener('data', discard);
    if (!req.socket.writableEnded) req.socket.end();
  };
  const discard = (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) stop();
  };
  req.on('data', discard);
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}
