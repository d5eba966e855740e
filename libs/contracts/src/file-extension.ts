import { FileLimits, type AllowedFileType } from './limits.js';

/** The extensions a shared file of each type may be saved with; the first one is given to a name that has none of them. */
export const FILE_EXTENSIONS: Readonly<Record<AllowedFileType, readonly string[]>> = {
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
  'application/pdf': ['.pdf'],
  'text/plain': ['.txt'],
};

/** What counts as a name's extension: a final dot and 1-10 letters or digits (`.tar.gz` ends in `.gz`). */
const EXTENSION = /\.[A-Za-z0-9]{1,10}$/;

/**
 * The name a shared file is offered for saving under: it ends in an extension of the type detected from
 * its bytes, so the saved file opens as what it is. A name ending in another extension has it replaced
 * (`holiday-photo.js` as text → `holiday-photo.txt`, `poly.html` holding a GIF → `poly.gif`,
 * `invoice.pdf.hta` → `invoice.pdf.txt`); a matching one is kept whatever its case (`Photo.JPEG`).
 * Never longer than FileLimits.nameMaxChars characters.
 */
export function nameForType(name: string, mime: string): string {
  const allowed: readonly string[] = FILE_EXTENSIONS[mime as AllowedFileType] ?? ['.bin'];
  const current = EXTENSION.exec(name)?.[0];
  if (current && allowed.includes(current.toLowerCase())) return name;
  const base = (current ? name.slice(0, -current.length) : name) || 'file';
  const extension = allowed[0];
  return [...base].slice(0, FileLimits.nameMaxChars - extension.length).join('') + extension;
}
