import type { AllowedFileType } from '@rendezvous/contracts';

const SIGNATURES: Array<{ mime: AllowedFileType; matches: (bytes: Buffer) => boolean }> = [
  { mime: 'image/png', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mime: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { mime: 'image/gif', matches: (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a' },
  { mime: 'image/webp', matches: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { mime: 'application/pdf', matches: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/**
 * The allowed type the bytes are, or null. Decided by content only: magic numbers for images and
 * PDF; for plain text, valid UTF-8 without control characters other than tab, line breaks and form feed.
 */
export function detectFileType(bytes: Buffer): AllowedFileType | null {
  for (const { mime, matches } of SIGNATURES) if (matches(bytes)) return mime;
  return isPlainText(bytes) ? 'text/plain' : null;
}

/**
 * Whether what the client claimed agrees with what the bytes are. No claim (or the generic
 * octet-stream) agrees with anything; plain text accepts any `text/*` claim (it is served as text/plain).
 */
export function claimAgrees(claimed: string | undefined, detected: AllowedFileType): boolean {
  const type = (claimed ?? '').split(';')[0].trim().toLowerCase();
  if (type === '' || type === 'application/octet-stream') return true;
  if (detected === 'text/plain') return type.startsWith('text/');
  if (detected === 'image/jpeg') return type === 'image/jpeg' || type === 'image/jpg' || type === 'image/pjpeg';
  return type === detected;
}

function startsWith(bytes: Buffer, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isPlainText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  for (const byte of bytes) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) return false;
  }
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
