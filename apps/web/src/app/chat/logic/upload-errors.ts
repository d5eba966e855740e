import { ErrorCodes, FileLimits } from '@rendezvous/contracts';
import type { FileLike, UploadResult } from './file-types.js';
import { formatBytes } from './format-bytes.js';

const TYPES_IN_WORDS = 'images (PNG, JPEG, GIF, WebP), PDF and plain text';

/** Why a file cannot be sent, before any upload: too large, or a type the server will refuse anyway. */
export function precheckFile(file: FileLike, maxBytes: number): string | null {
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > maxBytes) return tooLarge(file.name, maxBytes);
  // An unknown type (''), or text of any kind, is for the server to judge from the bytes.
  const type = file.type.toLowerCase();
  if (type && !type.startsWith('text/') && !(FileLimits.allowedTypes as readonly string[]).includes(type)) return notAllowed(file.name);
  return null;
}

/** What to tell the person when the server refused the upload (or it never got there). */
export function uploadErrorMessage(file: FileLike, result: UploadResult | null, maxBytes: number): string {
  switch (result?.status) {
    case undefined:
    case 0:
      return `“${file.name}” could not be sent. Check your connection and try again.`;
    case 413:
      return tooLarge(file.name, maxBytes);
    case 415:
      return notAllowed(file.name);
    case 429:
      return `You are sending files too fast. Try again in ${result?.retryAfterSeconds ?? 60} s.`;
    case 409:
      return serverCode(result) === ErrorCodes.FileLimitReached ? `“${file.name}” was not sent: ${serverMessage(result)}.` : `“${file.name}” was not sent: the chat has ended.`;
    case 503:
      return `“${file.name}” was not sent: ${serverMessage(result) ?? 'file sharing is unavailable right now; try again in a few minutes'}.`;
    case 401:
      return `“${file.name}” was not sent: your session has expired. Reload the page.`;
    default:
      return `“${file.name}” could not be sent (error ${result?.status}).`;
  }
}

function tooLarge(name: string, maxBytes: number): string {
  return `“${name}” is too large to send: the limit is ${formatBytes(maxBytes)}.`;
}

function notAllowed(name: string): string {
  return `“${name}” was not sent: only ${TYPES_IN_WORDS} files can be shared.`;
}

function serverCode(result: UploadResult | null): string | null {
  const code = (result?.body as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** The server's own sentence, first letter lowered to follow "was not sent:". */
function serverMessage(result: UploadResult | null): string | null {
  const message = (result?.body as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message ? message.charAt(0).toLowerCase() + message.slice(1) : null;
}
