/**
 * Browser end-to-end tests: Debian's Chromium driven by playwright-core, fake camera/mic.
 *
 *   npm run test:e2e                        build; every scenario against the embedded server, then the ones marked
 *                                           `distributed` against session, matchmaking and two gateways behind nginx
 *                                           (scripts/cluster.mjs), guest 1 on gateway 1, guest 2 on gateway 2
 *   E2E_MODES=embedded | distributed        one mode only
 *   E2E_BASE_URLS=http://a,http://b ...     run against running server(s); the 2nd guest of a scenario uses URL 2
 *   E2E_SOCKET_URLS=... E2E_API_URLS=...    (optional) point guest n's socket / REST at other origins
 *   E2E_BACKEND=mock ...                    use e2e/support/mock-backend.mjs instead of the real server
 *   E2E_ONLY=decline  E2E_SKIP_BUILD=1  E2E_CALL_TIMEOUT_MS=4000  E2E_TOKEN_TTL_SECONDS=12  E2E_BAN_SECONDS=5  CHROMIUM_PATH=/usr/bin/chromium
 *   (with E2E_BASE_URLS, start the servers with the same CALL_TIMEOUT_MS, TOKEN_TTL_SECONDS, BAN_DURATION_SECONDS and REPORT_BAN_THRESHOLD=1)
 */
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH, launchChromium } from './support/chromium.mjs';
import { buildAll, startAllInOne, startDistributed, waitForHttp } from './support/backend.mjs';
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
  chromiumPath: CHROMIUM_PATH,
  only: env.E2E_ONLY ?? '',
  skipBuild: env.E2E_SKIP_BUILD === '1',
  /** embedded (every scenario, one process) then distributed (the scenarios marked `distributed`, guests on different gateways). */
  modes: (env.E2E_MODES ?? 'embedded,distributed').split(',').map((m) => m.trim()).filter(Boolean),
  artifacts: 'test-results',
};

async function loadScenarios() {
  const dir = new URL('./scenarios/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  const order = [
    'app-shell.mjs', 'video-call.mjs', 'decline.mjs', 'timeout.mjs', 'leave.mjs', 'phone-keyboard.mjs', 'reload-restore.mjs', 'network-drop.mjs', 'glare.mjs', 'camera-denied.mjs', 'token-refresh.mjs',
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

/** Starts the backend of one mode; the embedded one (or the mock) on one origin, the distributed one behind nginx. */
async function startBackend(mode) {
  const logStream = createWriteStream(join(config.artifacts, `backend-${mode}.log`));
  const settings = { callTimeoutMs: config.callTimeoutMs, tokenTtlSeconds: config.tokenTtlSeconds, banSeconds: config.banSeconds, logStream };
  if (mode === 'distributed') return startDistributed(settings);
  if (config.backend === 'mock') {
    const mock = await startMockBackend({ callTimeoutMs: config.callTimeoutMs, tokenTtlSeconds: config.tokenTtlSeconds });
    return { baseUrls: [`http://127.0.0.1:${mock.port}`], socketUrls: [], stop: mock.close, logPath: null };
  }
  const backend = await startAllInOne(settings);
  return { baseUrls: [backend.baseUrl], socketUrls: [], stop: backend.stop, logPath: join(config.artifacts, `backend-${mode}.log`) };
}

/** Runs the scenarios of one mode against its backend; returns their results. */
async function runSuite(browser, mode, backend) {
  const suiteConfig = { ...config, baseUrls: backend.baseUrls, socketUrls: backend.socketUrls };
  const backendKind = mode === 'external' ? 'real' : config.backend;
  const results = [];
  for (const scenario of await loadScenarios()) {
    if (mode === 'distributed' && !scenario.distributed) continue;
    const t = {
      browser,
      mode,
      config: suiteConfig,
      guests: [],
      baseUrl: (i) => suiteConfig.baseUrls[i % suiteConfig.baseUrls.length],
      artifact: (fileName) => join(config.artifacts, mode === 'distributed' ? `distributed-${fileName}` : fileName),
      /** The backend's complete output, when this runner started the backend (null otherwise). */
      backendLog: backend.logPath ?? null,
      /** The gateways of the distributed mode (name, url), for checks of where guests landed. */
      gateways: backend.gateways ?? [],
      log: (line) => console.log(`    ${line}`),
    };
    const started = Date.now();
    const name = `${mode === 'distributed' ? '[distributed] ' : ''}${scenario.name}`;
    console.log(`• ${name}`);
    if (scenario.needsBackendLog && !t.backendLog) {
      results.push({ name, ok: true, skipped: true });
      console.log('  - skipped (needs the backend this runner starts, to read its log)');
      continue;
    }
    if (scenario.backends && !scenario.backends.includes(backendKind)) {
      results.push({ name, ok: true, skipped: true });
      console.log(`  - skipped (needs the ${scenario.backends.join('/')} backend)`);
      continue;
    }
    try {
      await scenario.run(t);
      results.push({ name, ok: true });
      console.log(`  ✓ passed (${Date.now() - started} ms)`);
    } catch (error) {
      results.push({ name, ok: false });
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
  return results;
}

async function main() {
  mkdirSync(config.artifacts, { recursive: true });
  for (const old of readdirSync(config.artifacts).filter((f) => f.includes('failure-'))) rmSync(join(config.artifacts, old));
  const results = [];
  let browser = null;
  try {
    const external = config.baseUrls.length > 0;
    if (!external && !config.skipBuild) buildAll({ withServer: config.backend === 'real' });
    browser = await launchChromium(config.chromiumPath);
    const modes = external ? ['external'] : config.backend === 'mock' ? ['embedded'] : config.modes;
    for (const mode of modes) {
      let backend = null;
      try {
        if (mode === 'external') {
          for (const url of config.baseUrls) await waitForHttp(url);
          backend = { baseUrls: config.baseUrls, socketUrls: config.socketUrls, stop: async () => undefined };
        } else {
          backend = await startBackend(mode);
        }
        console.log(`\n== ${mode} backend at ${backend.baseUrls.join(', ')}, CALL_TIMEOUT_MS=${config.callTimeoutMs}`);
        results.push(...(await runSuite(browser, mode, backend)));
      } catch (error) {
        console.log(`✗ ${mode} setup failed: ${error.stack ?? error}`);
        results.push({ name: `${mode} setup`, ok: false });
      } finally {
        await backend?.stop().catch(() => undefined);
      }
    }
  } catch (error) {
    console.log(`✗ setup failed: ${error.stack ?? error}`);
    results.push({ name: 'setup', ok: false });
  } finally {
    await browser?.close().catch(() => undefined);
  }
  const skipped = results.filter((r) => r.skipped).length;
  const passed = results.filter((r) => r.ok && !r.skipped).length;
  const failed = results.filter((r) => !r.ok).length;
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed || !passed ? 1 : 0);
}

await main();
