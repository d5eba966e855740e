import assert from 'node:assert/strict';

/** Lines no console message may contain: SDP, ICE candidates (and chat text, added per test). */
export const FORBIDDEN_IN_CONSOLE = ['v=0', 'a=fingerprint', 'a=ice-ufrag', 'candidate:'];

/** One person in a fresh browser context (own storage = own guest and deviceId). */
export class Guest {
  /** @param {import('playwright-core').BrowserContext} context @param {import('playwright-core').Page} page */
  constructor(name, context, page) {
    this.name = name;
    this.context = context;
    this.page = page;
    this.console = [];
    page.on('console', (message) => this.console.push(message.text()));
    page.on('pageerror', (error) => this.console.push(`pageerror: ${error.message}`));
  }

  /** `baseUrl` serves the app; with E2E_SOCKET_URLS / E2E_API_URLS the app is pointed elsewhere (distributed mode). */
  static async open(run, name, baseUrl = run.baseUrl(0), { viewport = { width: 1000, height: 820 }, isMobile = false, initScript = null } = {}) {
    const context = await run.browser.newContext({ viewport, isMobile, hasTouch: isMobile, permissions: ['camera', 'microphone'] });
    const index = run.config.baseUrls.indexOf(baseUrl);
    const pick = (urls) => (urls.length ? urls[Math.max(0, index) % urls.length] : undefined);
    const appConfig = { testHooks: true, callTimeoutMs: run.config.callTimeoutMs, socketUrl: pick(run.config.socketUrls), apiBaseUrl: pick(run.config.apiUrls) };
    await context.addInitScript((config) => {
      window.__RENDEZVOUS_CONFIG__ = JSON.parse(config);
    }, JSON.stringify(appConfig));
    if (initScript) await context.addInitScript(initScript);
    const page = await context.newPage();
    page.setDefaultTimeout(run.config.stepTimeoutMs);
    const guest = new Guest(name, context, page);
    run.guests.push(guest);
    await page.goto(baseUrl);
    return guest;
  }

  /** Alice (origin 1) and Bob (origin 2) press Start one after the other and are matched with each other. */
  static async matchedPair(run) {
    const alice = await Guest.open(run, 'alice');
    const bob = await Guest.open(run, 'bob', run.baseUrl(1));
    await alice.start();
    await alice.waitSearching();
    await bob.start();
    await Promise.all([alice.waitMatched(), bob.waitMatched()]);
    return [alice, bob];
  }

  button(name) {
    return this.page.getByRole('button', { name, exact: true });
  }

  async start() {
    await this.button('Start').click();
  }

  async waitSearching() {
    await this.page.getByRole('heading', { name: /Looking for someone/ }).waitFor();
  }

  async waitMatched() {
    await this.page.getByRole('heading', { name: /^Talking with/ }).waitFor();
    return (await this.page.locator('.partner-name').textContent())?.trim();
  }

  async waitChatEnded() {
    await this.page.getByRole('heading', { name: 'Chat ended' }).waitFor();
  }

  async sendWithEnter(text) {
    const box = this.page.getByLabel('Message', { exact: true });
    await box.fill(text);
    await box.press('Enter');
  }

  async sendWithButton(text) {
    await this.page.getByLabel('Message', { exact: true }).fill(text);
    await this.button('Send').click();
  }

  async waitPartnerMessage(text) {
    await this.page.locator('.bubble:not(.mine) .text', { hasText: text }).waitFor();
  }

  async waitOwnMessage(text) {
    await this.page.locator('.bubble.mine .text', { hasText: text }).waitFor();
  }

  async waitNotice(pattern, timeout) {
    await this.page.locator('.notice', { hasText: pattern }).first().waitFor({ timeout });
  }

  incomingDialog() {
    return this.page.getByRole('alertdialog');
  }

  async phase() {
    return this.page.evaluate(() => window.__rendezvous?.phase() ?? 'no-hook');
  }

  async waitPhase(phase, timeout = 20_000) {
    await this.page.waitForFunction((p) => window.__rendezvous?.phase() === p, phase, { timeout });
  }

  async stats() {
    return this.page.evaluate(() => window.__rendezvous?.stats() ?? null);
  }

  /** Waits until inbound video frames are decoded, then checks that the count keeps growing. */
  async assertVideoFlowing() {
    const deadline = Date.now() + 20_000;
    let first = await this.stats();
    while ((!first || first.videoFramesDecoded === 0) && Date.now() < deadline) {
      await this.page.waitForTimeout(500);
      first = await this.stats();
    }
    assert.ok(first && first.videoFramesDecoded > 0, `${this.name}: no inbound video frames decoded (${JSON.stringify(first)})`);
    await this.page.waitForTimeout(1_500);
    const second = await this.stats();
    assert.ok(second.videoFramesDecoded > first.videoFramesDecoded, `${this.name}: framesDecoded did not grow (${first.videoFramesDecoded} → ${second.videoFramesDecoded})`);
    return second;
  }

  assertConsoleClean(extraForbidden = []) {
    for (const line of this.console) {
      for (const needle of [...FORBIDDEN_IN_CONSOLE, ...extraForbidden]) {
        assert.ok(!line.includes(needle), `${this.name}: console leaked "${needle}": ${line.slice(0, 120)}`);
      }
    }
  }

  /** Leaves politely (Stop) so no one stays in the server's queue, then closes the context. */
  async close() {
    try {
      const stop = this.button('Stop');
      if (await stop.isVisible()) await stop.click({ timeout: 2_000 });
    } catch {
      // Page already gone.
    }
    await this.context.close().catch(() => undefined);
  }
}
