import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compressWebApp } from '../../scripts/compress-web.mjs';

/** A built web app as `npm run build:web` leaves it (hashed names, precompressed with the build's own step), in a temp dir. */
export interface WebFixture {
  root: string;
  main: string;
  styles: string;
}

export function makeWebFixture(): WebFixture {
  const root = mkdtempSync(join(tmpdir(), 'rdv-web-'));
  const main = 'main-ABCD2345.js';
  const styles = 'styles-WXYZ6789.css';
  writeFileSync(
    join(root, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rendezvous</title><link rel="stylesheet" href="${styles}"></head>` +
      `<body><rdv-root><h1>Rendezvous</h1></rdv-root><script src="${main}" type="module"></script></body></html>\n`.padEnd(1024, ' '),
  );
  const body = Array.from({ length: 800 }, (_, i) => `export const value${i} = ${JSON.stringify({ i, name: `n${(i * 7919) % 1000}` })};`).join('\n');
  writeFileSync(join(root, main), body);
  writeFileSync(join(root, styles), Array.from({ length: 100 }, (_, i) => `.c${i} { margin: ${i}px; }`).join('\n'));
  writeFileSync(join(root, 'config.json'), '{}');
  compressWebApp(root);
  return { root, main, styles };
}
