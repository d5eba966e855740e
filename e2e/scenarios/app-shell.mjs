export const name = 'the inline app shell shows the name and a short line before any JavaScript runs, and nothing moves when the app takes over';

/** In the page from the start: every layout shift the browser reports (Layout Instability API), summed as CLS. */
function recordLayoutShifts() {
  window.__layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
}

/** Where the heading, the subheading and the first line of the landing card are, and what they say. */
function landmarks() {
  const box = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const { x, y, width, height } = element.getBoundingClientRect();
    return { text: element.textContent.replace(/\s+/g, ' ').trim(), x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
  };
  return { name: box('rdv-root h1'), title: box('.landing h2'), line: box('.landing h2 + p'), card: box('.landing') };
}

export async function run(t) {
  for (const viewport of [{ width: 1000, height: 820 }, { width: 375, height: 740 }]) {
    const context = await t.browser.newContext({ viewport });
    try {
      await context.addInitScript(recordLayoutShifts);
      const page = await context.newPage();
      // The app's script and full stylesheet are held back: the page has only index.html (and its inlined critical CSS).
      let release;
      const released = new Promise((resolve) => (release = resolve));
      await page.route(/\/(main|styles)-[A-Z0-9]+\.(js|css)$/, async (route) => {
        await released;
        await route.continue();
      });
      await page.goto(t.baseUrl(0), { waitUntil: 'commit' });
      await page.getByRole('heading', { name: 'Rendezvous', level: 1 }).waitFor();
      const shell = await page.evaluate(landmarks);
      if (shell.name?.text !== 'Rendezvous' || shell.title?.text !== 'Talk to a stranger' || !shell.line?.text.startsWith('Rendezvous pairs you with a random person')) {
        throw new Error(`the shell does not show the name and the short line before the JavaScript runs: ${JSON.stringify(shell)}`);
      }
      if (!(shell.line.height > 0 && shell.card.height > 0)) throw new Error(`the shell is not laid out: ${JSON.stringify(shell)}`);

      release();
      await page.getByRole('button', { name: 'Start', exact: true }).and(page.locator(':enabled')).waitFor();
      const app = await page.evaluate(landmarks);
      for (const key of ['name', 'title', 'line']) {
        const [before, after] = [shell[key], app[key]];
        if (JSON.stringify(before) !== JSON.stringify(after)) throw new Error(`${viewport.width}px: the ${key} moved or changed when the app took over: shell ${JSON.stringify(before)} → app ${JSON.stringify(after)}`);
      }
      if (app.card.y !== shell.card.y || app.card.x !== shell.card.x || app.card.width !== shell.card.width) throw new Error(`${viewport.width}px: the card moved: ${JSON.stringify(shell.card)} → ${JSON.stringify(app.card)}`);
      const cls = await page.evaluate(() => window.__layoutShift);
      if (cls > 0) throw new Error(`${viewport.width}px: cumulative layout shift ${cls}, expected 0`);
      t.log(`${viewport.width}px: shell and app agree (heading at y=${shell.name.y}, line at y=${shell.line.y}), CLS ${cls}`);
    } finally {
      await context.close();
    }
  }
}
