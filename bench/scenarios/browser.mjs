import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserPool } from '../../e2e/support/browsers.mjs';
import { Guest } from '../../e2e/support/guest.mjs';
import { ROOT } from '../support/procs.mjs';
import { firstLoadScenario } from './first-load.mjs';
import { startEmbedded } from '../support/rendezvous-stack.mjs';
import { percentile, round } from '../support/stats.mjs';

/**
 * Runs in each page before the app: notes (page clock, ms) when the person clicks a button (the click event's own
 * time stamp, i.e. when the input arrived — not when Playwright started looking for the button), when the partner
 * name, the enabled "Video call" button and the incoming-call dialog appear, and when the remote <video> presents
 * its first frame (requestVideoFrameCallback: what the person sees). First occurrence of each only.
 */
function watchPage() {
  const seen = {};
  Object.defineProperty(window, '__benchSeen', { value: seen });
  const note = (name, t = performance.now()) => {
    if (!(name in seen)) seen[name] = t;
  };
  document.addEventListener(
    'click',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest('button') : null;
      if (button) note(`click:${button.textContent.trim()}`, event.timeStamp);
    },
    true,
  );
  const scan = () => {
    if (document.querySelector('.partner-name')) note('matched-shown');
    if ([...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Video call' && !b.disabled)) note('video-call-enabled');
    if (document.querySelector('[role="alertdialog"]')) note('incoming-shown');
    const video = document.querySelector('video.remote');
    if (video && !video.__benchWatched && typeof video.requestVideoFrameCallback === 'function') {
      video.__benchWatched = true;
      video.requestVideoFrameCallback((now) => note('first-frame-shown', now));
    }
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true });
}

/** The page's notes and the app's `rdv:*` User Timing marks, as epoch ms (comparable across pages). */
async function timeline(guest) {
  return guest.page.evaluate(() => {
    const at = (t) => performance.timeOrigin + t;
    const out = {};
    for (const [name, t] of Object.entries(window.__benchSeen ?? {})) out[name] = at(t);
    for (const mark of performance.getEntriesByType('mark')) {
      if (mark.name.startsWith('rdv:') && !(mark.name.slice(4) in out)) out[mark.name.slice(4)] = at(mark.startTime);
    }
    return out;
  });
}

/** Resolves when the page has shown a remote video frame and its call reports decoded frames (test hook). */
async function firstFrame(guest, timeoutMs = 30_000) {
  try {
    await guest.page.waitForFunction(() => window.__benchSeen['first-frame-shown'] !== undefined, null, { timeout: timeoutMs, polling: 50 });
    const stats = await guest.stats();
    if (!(stats?.videoFramesDecoded > 0)) throw new Error(`a frame was shown but the call reports ${stats?.videoFramesDecoded} decoded`);
  } catch (error) {
    throw new Error(`${guest.name}: no remote video frame within ${timeoutMs} ms (${error.message.split('\n')[0]})`);
  }
}

/**
 * A person with no reaction time: a MutationObserver in the page says when the enabled button is there, then
 * Playwright clicks it (real input events). Playwright's own waiting retries at 20, 100, 100, 500 ms intervals
 * while the button is not there yet, which added up to ~100 ms per click that no person has to wait.
 */
async function clickAsSoonAsThere(guest, name) {
  await guest.page.evaluate(
    (text) =>
      new Promise((resolve) => {
        const there = () => [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === text && !b.disabled);
        if (there()) return resolve();
        const observer = new MutationObserver(() => {
          if (!there()) return;
          observer.disconnect();
          resolve();
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      }),
    name,
  );
  await guest.button(name).click();
}

/** The milestones of the breakdown, in order: [label, page ('caller' | 'callee'), event]. */
export const BROWSER_STEPS = [
  ['both have clicked Start (= 0)', 'both', 'click:Start'],
  ['match:join sent', 'both', 'match-join-sent'],
  ['match:found received', 'both', 'match-found'],
  ['partner shown', 'both', 'matched-shown'],
  ['caller: Video call clicked', 'caller', 'click:Video call'],
  ['caller: camera + mic acquired', 'caller', 'media-acquired'],
  ['caller: offer sent', 'caller', 'offer-sent'],
  ['callee: offer received', 'callee', 'offer-received'],
  ['callee: incoming dialog shown', 'callee', 'incoming-shown'],
  ['callee: Accept clicked', 'callee', 'click:Accept'],
  ['callee: camera + mic acquired', 'callee', 'media-acquired'],
  ['callee: answer sent', 'callee', 'answer-sent'],
  ['caller: answer received', 'caller', 'answer-received'],
  ['remote track (later of the two)', 'both', 'remote-track'],
  ['ICE connected (later of the two)', 'both', 'ice-connected'],
  ['first remote frame shown (later of the two)', 'both', 'first-frame-shown'],
];

/**
 * Scenario 4: first, the web app's first load on a throttled profile (first-load.mjs); then two headless Chromium pages (fake camera) on the embedded server. Both click Start; as soon as
 * they are matched one clicks "Video call" and the other "Accept" (as soon as Playwright can: no human delay). The
 * pair's figure runs from the later of the two Start clicks (the click event's own time) until both pages have shown
 * a remote video frame (requestVideoFrameCallback on the remote <video>), both read from the pages' clocks, so the
 * harness's polling adds nothing. `steps` say when each step happened, in ms after that Start click (the later of
 * the two pages where a step happens on both).
 */
export async function browserScenario({ pairs, firstLoads, chromiumPath, log }) {
  if (!existsSync(join(ROOT, 'dist', 'web', 'browser', 'index.html'))) throw new Error('dist/web is missing: run npm run build:web');
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found (set CHROMIUM_PATH)`);
  log(`browser: ${pairs} pairs, Start → first remote frame shown`);
  const server = await startEmbedded({ label: 'browser-embedded' });
  const browsers = new BrowserPool({ chromiumPath });
  const browser = await browsers.get('chromium');
  const run = {
    browsers,
    pairing: ['chromium', 'chromium'],
    config: { baseUrls: [server.apiUrl], socketUrls: [], apiUrls: [], callTimeoutMs: 30_000, stepTimeoutMs: 30_000 },
    guests: [],
    baseUrl: () => server.apiUrl,
  };
  const samples = [];
  let firstLoad = null;
  try {
    firstLoad = await firstLoadScenario({ browser, url: server.apiUrl, loads: firstLoads, log });
    for (let i = 0; i < pairs; i++) {
      const open = (name) => Guest.open(run, name, server.apiUrl, { initScript: watchPage });
      const [alice, bob] = [await open(`alice-${i}`), await open(`bob-${i}`)];
      await Promise.all([alice.button('Start').waitFor(), bob.button('Start').waitFor()]);
      await Promise.all([alice.start(), bob.start()]);
      // Each acts on their own page as soon as the button is there: Alice calls once she sees her partner, Bob
      // accepts once his phone rings.
      await Promise.all([clickAsSoonAsThere(alice, 'Video call'), clickAsSoonAsThere(bob, 'Accept')]);
      await Promise.all([alice.waitMatched(), bob.waitMatched()]);
      await Promise.all([firstFrame(alice), firstFrame(bob)]);
      const [caller, callee] = await Promise.all([timeline(alice), timeline(bob)]);
      samples.push(sample(caller, callee));
      const s = samples.at(-1);
      log(`  pair ${i + 1}: matched ${s.matchedMs} ms, accepted ${s.acceptedMs} ms, first remote frame ${s.pairMs} ms (caller ${s.callerFrameMs}, callee ${s.calleeFrameMs}; clicks ${s.harnessReactionMs} ms after the buttons appeared; Start clicks ${s.startSpreadMs} ms apart)`);
      for (const guest of run.guests.splice(0)) await guest.close();
    }
  } finally {
    for (const guest of run.guests) await guest.close();
    await browsers.close();
    await server.stop();
  }
  const p50 = (pick) => round(percentile(samples.map(pick).filter((v) => v !== null && v !== undefined), 50), 0);
  return {
    pairs: samples.length,
    chromium: browser.version?.() ?? null,
    p50Ms: p50((s) => s.pairMs),
    matchedP50Ms: p50((s) => s.matchedMs),
    acceptedP50Ms: p50((s) => s.acceptedMs),
    harnessReactionP50Ms: p50((s) => s.harnessReactionMs),
    steps: BROWSER_STEPS.map(([label, page, event]) => ({ step: label, p50Ms: p50((s) => s.steps[`${page}:${event}`]) })),
    samples,
    firstLoad,
  };
}

/** One pair's figures from the two pages' timelines (epoch ms). */
function sample(caller, callee) {
  // Until both have pressed Start nobody can be matched: the clock starts at the later click (Playwright's two
  // "simultaneous" clicks land up to a few hundred ms apart on a busy machine, which is not the app's latency).
  const t0 = Math.max(caller['click:Start'], callee['click:Start']);
  const since = (t) => (t === undefined ? null : round(t - t0, 0));
  const steps = {};
  for (const [, page, event] of BROWSER_STEPS) {
    const times = page === 'both' ? [caller[event], callee[event]] : [(page === 'caller' ? caller : callee)[event]];
    steps[`${page}:${event}`] = times.some((t) => t === undefined) ? null : since(Math.max(...times));
  }
  return {
    startSpreadMs: round(Math.abs(caller['click:Start'] - callee['click:Start']), 0),
    matchedMs: steps['both:matched-shown'],
    acceptedMs: steps['callee:click:Accept'],
    callerFrameMs: since(caller['first-frame-shown']),
    calleeFrameMs: since(callee['first-frame-shown']),
    pairMs: steps['both:first-frame-shown'],
    /** Time the harness took to click once the button was there (a person's reaction time, here as short as Playwright can). */
    harnessReactionMs: round(caller['click:Video call'] - caller['video-call-enabled'] + (callee['click:Accept'] - callee['incoming-shown']), 0),
    steps,
  };
}
