/**
 * Browser end-to-end tests: Debian's Chromium (playwright-core) and firefox-esr (puppeteer-core over WebDriver
 * BiDi), fake camera/mic, one instance of each for the whole run and a fresh context per guest.
 *
 *   npm run test:e2e                        build; every scenario against the embedded server, then the ones marked
 *                                           `distributed` against session, matchmaking and two gateways behind nginx
 *                                           (scripts/cluster.mjs), guest 1 on gateway 1, guest 2 on gateway 2.
 *                                           Then the ones marked `cluster` the same way with every app on a Redis Cluster.
 *                                           Scenarios marked `crossBrowser` run once per pairing (embedded mode);
 *                                           the others in Chromium ↔ Chromium
 *   E2E_PAIRINGS=chromium-firefox,...       the pairings of the cross-browser scenarios (default: chromium-chromium,
 *                                           chromium-firefox, firefox-firefox); FIREFOX_PATH=/usr/bin/firefox-esr
 *   E2E_GLARE_REPETITIONS=10                simultaneous calls per pairing and polite side
 *   E2E_MODES=embedded,distributed,cluster  some modes only
 *   E2E_BASE_URLS=http://a,http://b ...     run against running server(s); the 2nd guest of a scenario uses URL 2
 *   E2E_SOCKET_URLS=... E2E_API_URLS=...    (optional) point guest n's socket / REST at other origins
 *   E2E_BACKEND=mock ...                    use e2e/support/mock-backend.mjs instead of the real server
 *   E2E_ONLY=decline  E2E_SKIP_BUILD=1  E2E_CALL_TIMEOUT_MS=4000  E2E_TOKEN_TTL_SECONDS=12  E2E_BAN_SECONDS=5  CHROMIUM_PATH=/usr/bin/chromium
 *   (with E2E_BASE_URLS, start the servers with the same CALL_TIMEOUT_MS, TOKEN_TTL_SECONDS, BAN_DURATION_SECONDS, REPORT_BAN_THRESHOLD=1 and REPORT_TRUSTED_AGE_SECONDS=0)
 */
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserPool, BROWSER_KINDS } from './support/browsers.mjs';
import { CHROMIUM_PATH } from './support/chromium.mjs';
import { buildAll, startAllInOne, startDistributed, waitForHttp } from './support/backend.mjs';
import { startMockBackend } from './support/mock-backend.mjs';

const env = process.env;
/** "chromium-firefox" → ['chromium', 'firefox'] */
function parsePairing(text) {
  const pairing = text.split('-');
  if (pairing.length !== 2 || !pairing.every((kind) => BROWSER_KINDS.includes(kind))) throw new Error(`E2E_PAIRINGS: "${text}" is not two of ${BROWSER_KINDS.join(', ')} joined by "-"`);
  return pairing;
}
const CHROMIUM_ONLY = ['chromium', 'chromium'];
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
  /** Short, so the ban message the report scenario checks reads in seconds. */
  banSeconds: Number(env.E2E_BAN_SECONDS ?? 5),
  stepTimeoutMs: Number(env.E2E_STEP_TIMEOUT_MS ?? 20_000),
  chromiumPath: CHROMIUM_PATH,
  only: env.E2E_ONLY ?? '',
  pairings: (env.E2E_PAIRINGS ?? 'chromium-chromium,chromium-firefox,firefox-firefox').split(',').map((p) => p.trim()).filter(Boolean).map(parsePairing),
  skipBuild: env.E2E_SKIP_BUILD === '1',
  /** embedded (every scenario, one process), distributed (the scenarios marked `distributed`, guests on different gateways), cluster (those marked `cluster`, the same on a Redis Cluster). */
  modes: (env.E2E_MODES ?? 'embedded,distributed,cluster').split(',').map((m) => m.trim()).filter(Boolean),
  artifacts: 'test-results',
};

async function loadScenarios() {
  const dir = new URL('./scenarios/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  const order = [
    'app-shell.mjs', 'video-call.mjs', 'stale-signals.mjs', 'decline.mjs', 'timeout.mjs', 'leave.mjs', 'phone-keyboard.mjs', 'reload-restore.mjs', 'network-drop.mjs', 'glare.mjs', 'camera-denied.mjs', 'token-refresh.mjs',
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
  if (mode === 'distributed' || mode === 'cluster') return startDistributed({ ...settings, redisCluster: mode === 'cluster' });
  if (config.backend === 'mock') {
    const mock = await startMockBackend({ callTimeoutMs: config.callTimeoutMs, tokenTtlSeconds: config.tokenTtlSeconds });
    return { baseUrls: [`http://127.0.0.1:${mock.port}`], socketUrls: [], stop: mock.close, logPath: null };
  }
  const backend = await startAllInOne(settings);
  return { baseUrls: [backend.baseUrl], socketUrls: [], stop: backend.stop, logPath: join(config.artifacts, `backend-${mode}.log`) };
}

/** The pairings a scenario runs in: each configured one if it is cross-browser (not in the distributed modes), else Chromium only. */
function pairingsOf(scenario, mode) {
  return scenario.crossBrowser && mode !== 'distributed' && mode !== 'cluster' ? config.pairings : [CHROMIUM_ONLY];
}

/** Runs the scenarios of one mode against its backend; returns their results. */
async function runSuite(browsers, mode, backend) {
  const suiteConfig = { ...config, baseUrls: backend.baseUrls, socketUrls: backend.socketUrls };
  const backendKind = mode === 'external' ? 'real' : config.backend;
  const results = [];
  for (const scenario of await loadScenarios()) {
    if (mode === 'distributed' && !scenario.distributed) continue;
    if (mode === 'cluster' && !scenario.cluster) continue;
    const pairings = pairingsOf(scenario, mode);
    for (const pairing of pairings) {
      const tag = pairings === config.pairings ? `${pairing.join('-')}-` : '';
      results.push(await runScenario(scenario, { browsers, pairing, mode, suiteConfig, backend, backendKind, tag }));
    }
  }
  return results;
}

async function runScenario(scenario, { browsers, pairing, mode, suiteConfig, backend, backendKind, tag }) {
  const t = {
    browsers,
    /** Playwright's Chromium, for scenarios that make contexts of their own. */
    browser: (await browsers.get('chromium')).raw,
    /** The two browsers of this run of the scenario; guests take turns between them (Guest.open `side`). */
    pairing,
    mode,
    config: suiteConfig,
    guests: [],
    baseUrl: (i) => suiteConfig.baseUrls[i % suiteConfig.baseUrls.length],
    artifact: (fileName) => join(config.artifacts, `${mode === 'distributed' || mode === 'cluster' ? `${mode}-` : ''}${tag}${fileName}`),
    /** The backend's complete output, when this runner started the backend (null otherwise). */
    backendLog: backend.logPath ?? null,
    /** The gateways of the distributed mode (name, url), for checks of where guests landed. */
    gateways: backend.gateways ?? [],
    log: (line) => console.log(`    ${line}`),
  };
  const started = Date.now();
  const name = `${mode === 'distributed' || mode === 'cluster' ? `[${mode}] ` : ''}${tag ? `[${pairing.join(' ↔ ')}] ` : ''}${scenario.name}`;
  console.log(`• ${name}`);
  if (scenario.needsBackendLog && !t.backendLog) {
    console.log('  - skipped (needs the backend this runner starts, to read its log)');
    return { name, ok: true, skipped: true };
  }
  if (scenario.backends && !scenario.backends.includes(backendKind)) {
    console.log(`  - skipped (needs the ${scenario.backends.join('/')} backend)`);
    return { name, ok: true, skipped: true };
  }
  try {
    await scenario.run(t);
    const ms = Date.now() - started;
    console.log(`  ✓ passed (${ms} ms)`);
    return { name, ok: true, ms };
  } catch (error) {
    console.log(`  ✗ FAILED (${Date.now() - started} ms): ${error.stack ?? error}`);
    for (const guest of t.guests) {
      await guest.screenshot(t.artifact(`failure-${scenario.file}-${guest.name}.png`)).catch(() => undefined);
      const tail = guest.console.slice(-8);
      if (tail.length) console.log(`    ${guest.name} (${guest.browser}) console:\n      ${tail.join('\n      ')}`);
    }
    return { name, ok: false };
  } finally {
    for (const guest of t.guests) await guest.close();
  }
}

async function main() {
  mkdirSync(config.artifacts, { recursive: true });
  for (const old of readdirSync(config.artifacts).filter((f) => f.includes('failure-'))) rmSync(join(config.artifacts, old));
  const results = [];
  const browsers = new BrowserPool({ chromiumPath: config.chromiumPath });
  const startedAt = Date.now();
  try {
    const external = config.baseUrls.length > 0;
    if (!external && !config.skipBuild) buildAll({ withServer: config.backend === 'real' });
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
        results.push(...(await runSuite(browsers, mode, backend)));
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
    await browsers.close();
  }
  const skipped = results.filter((r) => r.skipped).length;
  const passed = results.filter((r) => r.ok && !r.skipped).length;
  const failed = results.filter((r) => !r.ok).length;
  const firefoxMs = results.filter((r) => r.ms && /firefox/.test(r.name)).reduce((sum, r) => sum + r.ms, 0);
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} in ${Math.round((Date.now() - startedAt) / 1000)} s (${Math.round(firefoxMs / 1000)} s of them in pairings with Firefox)`);
  process.exit(failed || !passed ? 1 : 0);
}

await main();
