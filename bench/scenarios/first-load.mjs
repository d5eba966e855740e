import { percentile, round } from '../support/stats.mjs';

/**
 * Chrome DevTools' "Slow 4G" preset (Lighthouse's mobile throttling: 1.6 Mbps down, 750 kbps up, 150 ms RTT, with
 * DevTools' own 0.9 throughput and 3.75 latency factors) and a 4× slower CPU.
 */
export const SLOW_4G = { latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };
export const CPU_SLOWDOWN = 4;

/** In the page before the app: when the Start button is first there and enabled (page clock, ms). */
function watchStart() {
  const there = () => [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Start' && !b.disabled);
  const observer = new MutationObserver(() => {
    if (!there()) return;
    observer.disconnect();
    Object.defineProperty(window, '__startEnabledAt', { value: performance.now() });
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}

/** One visit of `url` in `page` (throttled): JS bytes on the wire until Start is enabled, and the page's timings. */
async function visit(page, cdp, url) {
  const scripts = new Map();
  const onResponse = ({ requestId, type, response }) => type === 'Script' && scripts.set(requestId, { url: response.url, bytes: 0, done: false });
  const onFinished = ({ requestId, encodedDataLength }) => {
    const script = scripts.get(requestId);
    if (script) Object.assign(script, { bytes: encodedDataLength, done: true });
  };
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.loadingFinished', onFinished);
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__startEnabledAt !== undefined, null, { timeout: 60_000, polling: 50 });
    // counted now: what had to arrive before the person could press Start (later lazy chunks are not "initial")
    const initial = [...scripts.values()].filter((s) => s.done);
    const timings = await page.evaluate(() => ({
      startEnabledMs: window.__startEnabledAt,
      firstContentfulPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      shellText: document.querySelector('h1')?.textContent ?? null,
    }));
    return { jsBytes: initial.reduce((sum, s) => sum + s.bytes, 0), jsFiles: initial.map((s) => new URL(s.url).pathname), ...timings };
  } finally {
    cdp.off('Network.responseReceived', onResponse);
    cdp.off('Network.loadingFinished', onFinished);
  }
}

/**
 * First load of the web app on a throttled profile (Slow 4G, 4× CPU): a fresh browser context each time (empty
 * cache), then one repeat visit in the same context (the hashed files come from the cache: immutable). Reports the
 * JavaScript bytes transferred (compressed, on the wire) until Start is enabled, the time until Start is enabled
 * (from navigation start: what the person waits for), and first contentful paint (the inline shell).
 */
export async function firstLoadScenario({ browser, url, loads, log }) {
  log(`browser: first load × ${loads} on Slow 4G + ${CPU_SLOWDOWN}× CPU`);
  const samples = [];
  let repeat = null;
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();
    try {
      await context.addInitScript(watchStart);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...SLOW_4G });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      const first = await visit(page, cdp, url);
      samples.push(first);
      log(`  load ${i + 1}: ${round(first.jsBytes / 1024, 1)} KB JS (${first.jsFiles.join(', ')}), first paint ${round(first.firstContentfulPaintMs, 0)} ms, Start enabled ${round(first.startEnabledMs, 0)} ms`);
      if (i === 0) {
        repeat = await visit(page, cdp, url);
        log(`  repeat visit: ${round(repeat.jsBytes / 1024, 1)} KB JS, Start enabled ${round(repeat.startEnabledMs, 0)} ms`);
      }
    } finally {
      await context.close();
    }
  }
  const p50 = (pick) => round(percentile(samples.map(pick).filter((v) => v !== null), 50), 0);
  return {
    profile: `Slow 4G (${round((SLOW_4G.downloadThroughput * 8) / 1000, 0)} kbps down, ${round((SLOW_4G.uploadThroughput * 8) / 1000, 0)} kbps up, ${SLOW_4G.latency} ms latency), CPU ${CPU_SLOWDOWN}× slower`,
    loads: samples.length,
    initialJsKb: round(Math.max(...samples.map((s) => s.jsBytes)) / 1024, 1),
    initialJsFiles: samples[0]?.jsFiles ?? [],
    firstContentfulPaintP50Ms: p50((s) => s.firstContentfulPaintMs),
    startEnabledP50Ms: p50((s) => s.startEnabledMs),
    repeatVisitJsKb: repeat ? round(repeat.jsBytes / 1024, 1) : null,
    repeatVisitStartEnabledMs: repeat ? round(repeat.startEnabledMs, 0) : null,
  };
}
