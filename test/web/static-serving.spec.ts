import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startCluster, type Cluster } from '../../scripts/cluster.mjs';
import { TEST_SETTINGS } from '../socket/topology.js';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { TEST_REDIS_URL } from '../support/test-redis.js';
import { makeWebFixture } from '../support/web-fixture.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as sent (still compressed when Content-Encoding says so). */
  body: Buffer;
}

/** A raw HTTP GET: no client-side decompression, so what the server sent is what the test sees. */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-encoding': 'gzip, deflate, br, zstd' };
const YEAR = 'public, max-age=31536000, immutable';
const web = makeWebFixture();
const onDisk = (name: string) => readFileSync(join(web.root, name));

const embedded = new DistributedCluster({ ...TEST_SETTINGS, WEB_DIST_PATH: web.root });
let cluster: Cluster | null = null;
/** Where the web app is served: the embedded server itself, and nginx from deploy/nginx/rendezvous.conf.template. */
const fronts: Record<'embedded' | 'nginx', { url: string; brotli: boolean }> = { embedded: { url: '', brotli: true }, nginx: { url: '', brotli: false } };

beforeAll(async () => {
  const [app, started] = await Promise.all([
    embedded.startApp('all-in-one', 'all-in-one', { REDIS_URL: '' }),
    startCluster({ gateways: 1, webRoot: web.root, redisUrl: TEST_REDIS_URL, env: { ...TEST_SETTINGS, SHUTDOWN_DRAIN_MS: '300' } }),
  ]);
  cluster = started;
  fronts.embedded.url = app.url;
  fronts.nginx = { url: started.url, brotli: started.nginx.brotli };
}, 60_000);

afterAll(async () => {
  await Promise.all([embedded.stopAll(), cluster?.stop()]);
  rmSync(web.root, { recursive: true, force: true });
});

describe.each(['embedded', 'nginx'] as const)('the web app served by %s', (front) => {
  const url = (path: string) => `${fronts[front].url}${path}`;

  it('serves index.html at / revalidated on every load: no-cache with an ETag, 304 when unchanged', async () => {
    const page = await get(url('/'), { accept: BROWSER.accept });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body.toString()).toContain(`<script src="${web.main}"`);
    const etag = page.headers['etag'];
    expect(typeof etag).toBe('string');
    const again = await get(url('/'), { accept: BROWSER.accept, 'if-none-match': String(etag) });
    expect(again.status).toBe(304);
  });

  it('sends the hashed main script precompressed (brotli, else gzip, else plain), cached for a year as immutable', async () => {
    const expectedBr = fronts[front].brotli ? 'br' : 'gzip';
    const best = await get(url(`/${web.main}`), BROWSER);
    expect(best.status).toBe(200);
    expect(best.headers['content-encoding']).toBe(expectedBr);
    expect(best.headers['cache-control']).toBe(YEAR);
    expect(best.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(best.headers['content-type']).toMatch(/javascript/);
    // the build's own file, byte for byte: compressed once at build time, not per request
    expect(best.body.equals(onDisk(`${web.main}.${expectedBr === 'br' ? 'br' : 'gz'}`))).toBe(true);
    expect((expectedBr === 'br' ? brotliDecompressSync(best.body) : gunzipSync(best.body)).equals(onDisk(web.main))).toBe(true);

    const gzip = await get(url(`/${web.main}`), { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.body.equals(onDisk(`${web.main}.gz`))).toBe(true);

    const plain = await get(url(`/${web.main}`), { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(onDisk(web.main))).toBe(true);
    expect(plain.headers['cache-control']).toBe(YEAR);
  });

  it('sends index.html compressed too, still no-cache', async () => {
    const page = await get(url('/'), BROWSER);
    expect(page.headers['content-encoding']).toMatch(/^(br|gzip)$/);
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('answers 404 for a missing file (an old main-*.js after a deploy, any extension), never index.html', async () => {
    for (const path of ['/main-OLD12345.js', '/main-OLD.js', '/chunk-ZZZZZZZZ.js', '/favicon.ico', '/assets/logo.png', '/deep/path/styles.css']) {
      const answer = await get(url(path), BROWSER);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(answer.body.toString()).not.toContain('<rdv-root');
    }
  });

  it('answers app routes (no file extension) with index.html, no-cache', async () => {
    for (const path of ['/chat', '/some/deep/route']) {
      const answer = await get(url(path), { accept: BROWSER.accept });
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
      expect(answer.body.toString()).toContain('<rdv-root');
      expect(answer.headers['cache-control']).toBe('no-cache');
    }
  });

  it('leaves /api to the API: an unknown API path is the API\'s JSON 404, not the app', async () => {
    const answer = await get(url('/api/no-such-route.json'), BROWSER);
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/json/);
  });
});
