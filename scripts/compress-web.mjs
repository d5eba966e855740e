// Precompresses the built web app once, at build time: a .br (brotli, best quality) and a .gz (gzip -9) beside every
// text asset, so neither the embedded server (express-static-gzip) nor nginx (gzip_static / brotli_static) ever
// compresses per request. `npm run build:web` runs it after `ng build`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.json', '.svg', '.txt', '.map', '.webmanifest', '.xml']);
/** Below this a compressed copy saves nothing worth a second file. */
const MIN_BYTES = 512;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.has(extname(entry.name))) yield path;
  }
}

/** Writes `<file>.br` and `<file>.gz` beside every text file of `root` worth compressing. */
export function compressWebApp(root) {
  let before = 0;
  let brotli = 0;
  let count = 0;
  for (const path of files(root)) {
    const raw = readFileSync(path);
    if (raw.length < MIN_BYTES) continue;
    const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
    const gz = gzipSync(raw, { level: 9 });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gz);
    before += raw.length;
    brotli += br.length;
    count++;
  }
  return { count, before, brotli };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? 'dist/web/browser');
  if (!statSync(join(root, 'index.html'), { throwIfNoEntry: false })) {
    console.error(`compress-web: no built web app at ${relative(process.cwd(), root) || root}`);
    process.exit(1);
  }
  const { count, before, brotli } = compressWebApp(root);
  console.log(`compress-web: ${count} files, ${Math.round(before / 1024)} KB → ${Math.round(brotli / 1024)} KB brotli (and .gz beside each)`);
}
