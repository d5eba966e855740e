/**
 * Browser end-to-end tests: Debian's Chromium driven by playwright-core, fake camera/mic.
 *
 *   npm run test:e2e                        build, start the embedded server, run every scenario
 *   E2E_BASE_URLS=http://a,http://b ...     run against running server(s); the 2nd guest of a scenario uses URL 2
 *   E2E_SOCKET_URLS=... E2E_API_URLS=...    (optional) point guest n's socket / REST at other origins
 *   E2E_BACKEND=mock ...                    use e2e/support/mock-backend.mjs instead of the real server
 *   E2E_ONLY=decline  E2E_SKIP_BUILD=1  E2E_CALL_TIMEOUT_MS=4000  E2E_TOKEN_TTL_SECONDS=12  E2E_BAN_SECONDS=5  CHROMIUM_PATH=/usr/bin/chromium
 *   (with E2E_BASE_URLS, start the servers with the same CALL_TIMEOUT_MS, TOKEN_TTL_SECONDS, BAN_DURATION_SECONDS and REPORT_BAN_THRESHOLD=1)
 */
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildAll, startAllInOne, waitForHttp } from './support/backend.mjs';
import { startMockBackend } from './support/mock-backend.mjs';

const env = process.env;
const urls = (list) => (list ?? '').split(',').map((u) => u.trim().replace(/\/$/, '')).filter(Boolean);
const config = {
  baseUrls: urls(env.E2E_BASE_URLS),
  /** Optional, per guest like baseUrls: where the app's socket and REST calls go (distributed mode). */
  socketUrls: urls(env.E2E_SOCKET_URLS),
  apiUrls: urls(env.E2E_API_URLS),
  backend: env.E2E_BACKEND ?? 'real',
  callTimeoutMs: Number(env.E2E_CALL_TIMEOUT_MS ?? 4_000),
  /** Short, so the suite exercises the token refresh (the server's minimum is 10). */
  tokenTtlSeconds: Number(env.E2E_TOKEN_TTL_SECONDS ?? 12),
  /** Short: the report scenario bans a guest of 127.0.0.1, which every browser of the suite shares. */
  banSeconds: Number(env.E2E_BAN_SECONDS ?? 5),
  stepTimeoutMs: Number(env.E2E_STEP_TIMEOUT_MS ?? 20_000),
  chromiumPath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  only: env.E2E_ONLY ?? '',
  skipBuild: env.E2E_SKIP_BUILD === '1',
  artifacts: 'test-results',
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

async function loadScenarios() {
  const dir = new URL('./scenarios/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  const order = [
    'video-call.mjs', 'decline.mjs', 'timeout.mjs', 'leave.mjs', 'phone-keyboard.mjs', 'reload-restore.mjs', 'network-drop.mjs', 'glare.mjs', 'camera-denied.mjs', 'token-refresh.mjs',
    'report-block.mjs', 'no-signaling-in-logs.mjs',
  ];
  files.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  const scenarios = [];
  for (const file of files) {
    if (config.only && !file.includes(config.only)) continue;
    scenarios.push({ file, ...(await import(new URL(file, dir).href)) });
  }
  return scenarios;
}

async function main() {
  mkdirSync(config.artifacts, { recursive: true });
  for (const old of readdirSync(config.artifacts).filter((f) => f.startsWith('failure-'))) rmSync(join(config.artifacts, old));
  let backend = null;
  const results = [];
  let browser = null;
  try {
    if (!config.baseUrls.length) {
      if (!config.skipBuild) buildAll({ withServer: config.backend === 'real' });
      if (config.backend === 'mock') {
        const mock = await startMockBackend({ callTimeoutMs: config.callTimeoutMs, tokenTtlSeconds: config.tokenTtlSeconds });
        backend = { baseUrl: `http://127.0.0.1:${mock.port}`, stop: mock.close };
      } else {
        backend = await startAllInOne({
          callTimeoutMs: config.callTimeoutMs,
          tokenTtlSeconds: config.tokenTtlSeconds,
          banSeconds: config.banSeconds,
          logStream: createWriteStream(join(config.artifacts, 'backend.log')),
        });
        backend.logPath = join(config.artifacts, 'backend.log');
      }
      config.baseUrls = [backend.baseUrl];
      console.log(`backend (${config.backend}) at ${backend.baseUrl}, CALL_TIMEOUT_MS=${config.callTimeoutMs}`);
    } else {
      for (const url of config.baseUrls) await waitForHttp(url);
    }

    const backendKind = config.baseUrls.length && !backend ? 'real' : config.backend;
    browser = await chromium.launch({ executablePath: config.chromiumPath, headless: true, args: CHROMIUM_ARGS });
    for (const scenario of await loadScenarios()) {
      const t = {
        browser,
        config,
        guests: [],
        baseUrl: (i) => config.baseUrls[i % config.baseUrls.length],
        artifact: (fileName) => join(config.artifacts, fileName),
        /** The backend's complete output, when this runner started the backend (null otherwise). */
        backendLog: backend?.logPath ?? null,
        log: (line) => console.log(`    ${line}`),
      };
      const started = Date.now();
      console.log(`• ${scenario.name}`);
      if (scenario.needsBackendLog && !t.backendLog) {
        results.push({ name: scenario.name, ok: true, skipped: true });
        console.log('  - skipped (needs the backend this runner starts, to read its log)');
        continue;
      }
      if (scenario.backends && !scenario.backends.includes(backendKind)) {
        results.push({ name: scenario.name, ok: true, skipped: true });
        console.log(`  - skipped (needs the ${scenario.backends.join('/')} backend)`);
        continue;
      }
      try {
        await scenario.run(t);
        results.push({ name: scenario.name, ok: true });
        console.log(`  ✓ passed (${Date.now() - started} ms)`);
      } catch (error) {
        results.push({ name: scenario.name, ok: false });
        console.log(`  ✗ FAILED (${Date.now() - started} ms): ${error.stack ?? error}`);
        for (const guest of t.guests) {
          await guest.page.screenshot({ path: t.artifact(`failure-${scenario.file}-${guest.name}.png`) }).catch(() => undefined);
          const tail = guest.console.slice(-8);
          if (tail.length) console.log(`    ${guest.name} console:\n      ${tail.join('\n      ')}`);
        }
      } finally {
        for (const guest of t.guests) await guest.close();
      }
    }
  } catch (error) {
    console.log(`✗ setup failed: ${error.stack ?? error}`);
    results.push({ name: 'setup', ok: false });
  } finally {
    await browser?.close().catch(() => undefined);
    await backend?.stop().catch(() => undefined);
  }
  const skipped = results.filter((r) => r.skipped).length;
  const passed = results.filter((r) => r.ok && !r.skipped).length;
  const failed = results.filter((r) => !r.ok).length;
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed || !passed ? 1 : 0);
}

await main();
