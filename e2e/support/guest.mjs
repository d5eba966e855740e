import assert from 'node:assert/strict';
import { startLoopbackProxy } from './loopback-proxy.mjs';

/** Lines no console message may contain: SDP, ICE candidates (and chat text, added per test). */
export const FORBIDDEN_IN_CONSOLE = ['v=0', 'a=fingerprint', 'a=ice-ufrag', 'candidate:'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A text query for the page: a RegExp as is, a string as an exact name or a substring. */
const textQuery = (text, exact) => {
  const pattern = text instanceof RegExp ? text : new RegExp(exact ? `^${escape(text)}$` : escape(text));
  return { source: pattern.source, flags: pattern.flags };
};

/** Something on the page a person would look for (a button by its name, the incoming-call dialog). */
class Thing {
  constructor(page, query) {
    this.page = page;
    this.query = query;
  }

  click({ timeout } = {}) {
    return this.page.click(this.query, timeout);
  }

  async waitFor({ state = 'visible', timeout } = {}) {
    if (state === 'detached' || state === 'hidden') await this.page.waitGone(this.query, timeout);
    else await this.page.element(this.query, timeout);
  }

  async isVisible() {
    return (await this.page.count(this.query)) > 0;
  }

  async isEnabled() {
    return (await this.page.count({ ...this.query, enabled: true })) > 0;
  }

  count() {
    return this.page.count(this.query);
  }

  innerText() {
    return this.page.text(this.query);
  }
}

/**
 * One person in a fresh browser context (own storage = own guest and deviceId), in whichever browser of the
 * scenario's pairing: the methods below work the same in Chromium and Firefox (support/browsers.mjs).
 * `page` and `context` are the driver's own objects, for the Chromium-only scenarios.
 */
export class Guest {
  /** @param {import('./browsers.mjs').GuestPage} browserPage */
  constructor(name, browserPage) {
    this.name = name;
    this.browser = browserPage.kind;
    this.web = browserPage;
    this.page = browserPage.raw;
    this.context = browserPage.context ?? null;
    this.console = [];
    browserPage.onConsole((line) => this.console.push(line));
  }

  /**
   * `baseUrl` serves the app; with E2E_SOCKET_URLS / E2E_API_URLS the app is pointed elsewhere (distributed mode).
   * `side` (0 or 1) picks the browser of the pairing; by default guests take turns.
   */
  static async open(run, name, baseUrl = run.baseUrl(0), { viewport, isMobile = false, initScript = null, side = run.guests.length % 2 } = {}) {
    const index = run.config.baseUrls.indexOf(baseUrl);
    const pick = (urls) => (urls.length ? urls[Math.max(0, index) % urls.length] : undefined);
    const appConfig = { testHooks: true, callTimeoutMs: run.config.callTimeoutMs, socketUrl: pick(run.config.socketUrls), apiBaseUrl: pick(run.config.apiUrls) };
    const initScripts = [[(config) => (window.__RENDEZVOUS_CONFIG__ = JSON.parse(config)), JSON.stringify(appConfig)]];
    for (const script of [initScript].flat().filter(Boolean)) initScripts.push([script, undefined]);
    const browser = await run.browsers.get(run.pairing[side]);
    const proxy = await startLoopbackProxy();
    const page = await browser.newPage({ viewport, isMobile, initScripts, timeout: run.config.stepTimeoutMs, proxy: proxy.url });
    const guest = new Guest(name, page);
    guest.proxy = proxy;
    run.guests.push(guest);
    await page.goto(baseUrl);
    return guest;
  }

  /** Alice (origin 1) and Bob (origin 2) press Start one after the other and are matched with each other. */
  static async matchedPair(run, names = ['alice', 'bob'], options = {}) {
    const alice = await Guest.open(run, names[0], run.baseUrl(0), { ...options, side: 0 });
    const bob = await Guest.open(run, names[1], run.baseUrl(1), { ...options, side: 1 });
    await alice.start();
    await alice.waitSearching();
    await bob.start();
    await Promise.all([alice.waitMatched(), bob.waitMatched()]);
    return [alice, bob];
  }

  /** Calls `callee` with video, which accepts; resolves once both are connected and video frames flow both ways. */
  async videoCallWith(callee) {
    await this.button('Video call').click();
    await callee.incomingDialog().waitFor();
    await callee.button('Accept').click();
    await Promise.all([this.waitPhase('connected'), callee.waitPhase('connected')]);
    await Promise.all([this.assertVideoFlowing(), callee.assertVideoFlowing()]);
  }

  button(name) {
    return new Thing(this.web, { css: 'button', text: textQuery(name, true) });
  }

  incomingDialog() {
    return new Thing(this.web, { css: '[role="alertdialog"]' });
  }

  evaluate(fn, arg) {
    return this.web.evaluate(fn, arg);
  }

  async start() {
    await this.button('Start').click();
  }

  async waitSearching() {
    await this.web.element({ css: 'h1, h2, h3', text: textQuery(/Looking for someone/) });
  }

  async waitMatched() {
    await this.web.element({ css: 'h1, h2, h3', text: textQuery(/^Talking with/) });
    return (await this.web.text({ css: '.partner-name' }))?.trim();
  }

  async waitChatEnded() {
    await this.web.element({ css: 'h1, h2, h3', text: textQuery('Chat ended', true) });
  }

  async sendWithEnter(text) {
    await this.web.fill({ css: '#chat-input' }, text, 'Enter');
  }

  async sendWithButton(text) {
    await this.web.fill({ css: '#chat-input' }, text);
    await this.button('Send').click();
  }

  async waitPartnerMessage(text) {
    await this.web.element({ css: '.bubble:not(.mine) .text', text: textQuery(text) });
  }

  async waitOwnMessage(text) {
    await this.web.element({ css: '.bubble.mine .text', text: textQuery(text) });
  }

  async waitNotice(pattern, timeout) {
    await this.web.element({ css: '.notice', text: textQuery(pattern) }, timeout);
  }

  async phase() {
    return this.web.evaluate(() => window.__rendezvous?.phase() ?? 'no-hook');
  }

  async waitPhase(phase, timeout = 20_000) {
    await this.web.waitUntil((p) => window.__rendezvous?.phase() === p, phase, timeout);
  }

  /** This side's perfect-negotiation role with its partner. */
  async polite() {
    return this.web.evaluate(() => window.__rendezvous.polite());
  }

  async stats() {
    return this.web.evaluate(() => window.__rendezvous?.stats() ?? null);
  }

  /** Polls the call's stats until `grown(first, now)` holds (20 s at most); returns the last sample. */
  async statsGrowing(field, what) {
    const deadline = Date.now() + 20_000;
    let first = await this.stats();
    while ((!first || first[field] === 0) && Date.now() < deadline) {
      await sleep(100);
      first = await this.stats();
    }
    assert.ok(first && first[field] > 0, `${this.name}: no inbound ${what} (${JSON.stringify(first)})`);
    let now = first;
    while (now[field] <= first[field] && Date.now() < deadline) {
      await sleep(100);
      now = await this.stats();
    }
    assert.ok(now[field] > first[field], `${this.name}: ${what} did not keep coming (${first[field]} → ${now[field]})`);
    return now;
  }

  /** Waits until inbound video frames are decoded, then checks that the count keeps growing. */
  assertVideoFlowing() {
    return this.statsGrowing('videoFramesDecoded', 'video frames decoded');
  }

  /** Inbound RTP packets keep arriving (an audio-only call has no frames to count). */
  assertMediaArriving() {
    return this.statsGrowing('packetsReceived', 'RTP packets');
  }

  screenshot(path) {
    return this.web.screenshot(path);
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
    await this.web.close().catch(() => undefined);
    await this.proxy?.close();
  }
}
