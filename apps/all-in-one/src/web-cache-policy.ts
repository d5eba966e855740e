import { basename } from 'node:path';

/** Angular's hashed build output (`main-FYKZCCFH.js`, `chunk-…`, `styles-…`, `media/…`), maybe precompressed. */
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+(\.(br|gz))?$/;

/** How long browsers keep a file of the built web app. */
export function cacheControlFor(filePath: string): string {
  // A hashed name changes whenever its content does: keep it for a year and never ask again.
  if (HASHED.test(basename(filePath))) return 'public, max-age=31536000, immutable';
  // index.html (which names the current hashes), config.json, anything else: revalidate on every load (ETag).
  return 'no-cache';
}

/** true for a path whose last segment has a file extension (`/main-OLD.js`, `/favicon.ico`): a file, never an app route. */
export function looksLikeFile(urlPath: string): boolean {
  return /\.[^/.]+$/.test(urlPath);
}
