import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../../e2e/support/chromium.mjs';
import { Guest } from '../../e2e/support/guest.mjs';
import { ROOT } from '../support/procs.mjs';
import { startEmbedded } from '../support/rendezvous-stack.mjs';
import { percentile, round } from '../support/stats.mjs';

/** Resolves when the page's call has decoded a remote video frame (polled through the test hook). */
async function framesDecoded(guest, timeoutMs = 30_000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const stats = await guest.page.evaluate(() => window.__rendezvous?.stats() ?? null);
    if ((stats?.videoFramesDecoded ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${guest.name}: no remote video frame within ${timeoutMs} ms`);
}

/**
 * Scenario 4: two headless Chromium pages (fake camera) on the embedded server. Both click Start; as soon as
 * they are matched one clicks "Video call" and the other "Accept" (no human delay); the time is taken until
 * each page has decoded its first remote video frame. The pair's figure is the later of the two pages.
 */
export async function browserScenario({ pairs, chromiumPath, log }) {
  if (!existsSync(join(ROOT, 'dist', 'web', 'browser', 'index.html'))) throw new Error('dist/web is missing: run npm run build:web');
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found (set CHROMIUM_PATH)`);
  log(`browser: ${pairs} pairs, Start → first decoded remote frame`);
  const server = await startEmbedded({ label: 'browser-embedded' });
  const browser = await launchChromium(chromiumPath);
  const run = {
    browser,
    config: { baseUrls: [server.apiUrl], socketUrls: [], apiUrls: [], callTimeoutMs: 30_000, stepTimeoutMs: 30_000 },
    guests: [],
    baseUrl: () => server.apiUrl,
  };
  const samples = [];
  try {
    for (let i = 0; i < pairs; i++) {
      const [alice, bob] = [await Guest.open(run, `alice-${i}`), await Guest.open(run, `bob-${i}`)];
      await Promise.all([alice.button('Start').waitFor(), bob.button('Start').waitFor()]);
      const t0 = performance.now();
      await Promise.all([alice.start(), bob.start()]);
      await Promise.all([alice.waitMatched(), bob.waitMatched()]);
      const matched = performance.now() - t0;
      const frames = [framesDecoded(alice).then(() => performance.now() - t0), framesDecoded(bob).then(() => performance.now() - t0)];
      await alice.button('Video call').click();
      await bob.button('Accept').click();
      const accepted = performance.now() - t0;
      const [aliceMs, bobMs] = await Promise.all(frames);
      samples.push({ matchedMs: round(matched, 0), acceptedMs: round(accepted, 0), callerFrameMs: round(aliceMs, 0), calleeFrameMs: round(bobMs, 0), pairMs: round(Math.max(aliceMs, bobMs), 0) });
      log(`  pair ${i + 1}: matched ${samples.at(-1).matchedMs} ms, accepted ${samples.at(-1).acceptedMs} ms, first remote frame ${samples.at(-1).pairMs} ms`);
      for (const guest of run.guests.splice(0)) await guest.close();
    }
  } finally {
    for (const guest of run.guests) await guest.close();
    await browser.close().catch(() => undefined);
    await server.stop();
  }
  const pairMs = samples.map((s) => s.pairMs);
  return {
    pairs: samples.length,
    chromium: browser.version?.() ?? null,
    p50Ms: round(percentile(pairMs, 50), 0),
    matchedP50Ms: round(percentile(samples.map((s) => s.matchedMs), 50), 0),
    acceptedP50Ms: round(percentile(samples.map((s) => s.acceptedMs), 50), 0),
    samples,
  };
}
