import { DomainError, ErrorCodes } from '@rendezvous/contracts';
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';

/** Room for the multipart boundaries and part headers around the file. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

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
 * 413 while the rest of the body is read and thrown away), so the whole body is never buffered.
 */
export function readSingleFile(req: IncomingMessage, maxBytes: number, field: string): Promise<IncomingFile> {
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
        req.resume();
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
