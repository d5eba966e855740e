/**
 * The browsers of the e2e suite behind one small interface, so a Guest works the same in each:
 * Debian's Chromium over playwright-core, Debian's firefox-esr over puppeteer-core (WebDriver BiDi).
 * Neither is ever downloaded. One instance per kind for the whole run; a fresh context per guest.
 */
import puppeteer from 'puppeteer-core';
import { CHROMIUM_PATH, launchChromium } from './chromium.mjs';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const BROWSER_KINDS = ['chromium', 'firefox'];

/** Fake camera and microphone, no permission prompt; timers and video of a window without focus run at full speed. */
const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  'media.block-autoplay-until-in-foreground': false,
  'media.suspend-background-video.enabled': false,
  'dom.timeout.enable_budget_timer_throttling': false,
  'dom.min_background_timeout_value': 4,
  // A guest's proxy (support/loopback-proxy.mjs) carries its requests to the server on 127.0.0.1 too.
  'network.proxy.allow_hijacking_localhost': true,
};

/**
 * Installed in every page before the app: finds visible elements by CSS and by accessible name (aria-label, else
 * text), the way people find a button. `text` is a regular expression's {source, flags}.
 */
function installQuery() {
  window.__e2eQuery = ({ css, text, enabled }) => {
    const pattern = text ? new RegExp(text.source, text.flags) : null;
    return [...document.querySelectorAll(css)].filter((element) => {
      if (!element.getClientRects().length || getComputedStyle(element).visibility === 'hidden') return false;
      if (enabled && element.disabled) return false;
      if (!pattern) return true;
      const name = (element.getAttribute('aria-label') || element.textContent || '').replace(/\s+/g, ' ').trim();
      return pattern.test(name);
    });
  };
}

/** One page of one guest, the same API in both browsers. `raw` is the driver's own page (Chromium-only scenarios use it). */
class GuestPage {
  constructor(kind, raw, close) {
    this.kind = kind;
    this.raw = raw;
    this.close = close;
  }

  goto(url) {
    return this.raw.goto(url);
  }

  evaluate(fn, arg) {
    return this.raw.evaluate(fn, arg);
  }

  reload() {
    return this.raw.reload();
  }

  screenshot(path) {
    return this.raw.screenshot({ path });
  }

  onConsole(record) {
    this.raw.on('console', (message) => record(message.text()));
    this.raw.on('pageerror', (error) => record(`pageerror: ${error.message}`));
  }

  /** Waits until `fn(arg)` is truthy in the page; returns its value. */
  async waitUntil(fn, arg, timeout) {
    const handle = await this.waitHandle(fn, arg, timeout);
    return handle.jsonValue();
  }

  /** Waits for an element matching the query and returns its handle. */
  element(query, timeout) {
    return this.waitHandle((q) => window.__e2eQuery(q)[0], query, timeout).then((handle) => handle.asElement());
  }

  async count(query) {
    return this.evaluate((q) => window.__e2eQuery(q).length, query);
  }

  async waitGone(query, timeout) {
    await this.waitHandle((q) => window.__e2eQuery(q).length === 0, query, timeout);
  }

  async text(query, timeout) {
    await this.element(query, timeout);
    return this.evaluate((q) => window.__e2eQuery(q)[0]?.innerText ?? '', query);
  }

  /** Clicks a visible, enabled element (again if the app re-rendered it between finding and clicking). */
  async click(query, timeout) {
    for (let attempt = 1; ; attempt++) {
      const element = await this.element({ ...query, enabled: true }, timeout);
      try {
        await element.click();
        return;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  /** Sets a text field's value the way typing does (an `input` event), then presses `key` in it if given. */
  async fill(query, value, key) {
    const element = await this.element(query);
    await element.evaluate((input, text) => {
      input.focus();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, value);
    if (key) await element.press(key);
  }
}

class ChromiumPage extends GuestPage {
  waitHandle(fn, arg, timeout) {
    return this.raw.waitForFunction(fn, arg, { timeout, polling: 50 });
  }
}

/** Puppeteer takes the options before the argument. */
class FirefoxPage extends GuestPage {
  waitHandle(fn, arg, timeout) {
    return this.raw.waitForFunction(fn, { timeout: timeout ?? this.defaultTimeout, polling: 50 }, arg);
  }
}

async function chromiumBrowser(executablePath) {
  const browser = await launchChromium(executablePath);
  return {
    kind: 'chromium',
    /** Playwright's Browser, for Chromium-only scenarios that need contexts of their own (routes, …). */
    raw: browser,
    /** @returns {Promise<ChromiumPage & {context: import('playwright-core').BrowserContext}>} */
    async newPage({ viewport = { width: 1000, height: 820 }, isMobile = false, initScripts = [], timeout, proxy }) {
      // Playwright proxies loopback too when a proxy is given (it adds <-loopback> to Chromium's bypass rules).
      const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, permissions: ['camera', 'microphone'], ...(proxy ? { proxy: { server: proxy } } : {}) });
      await context.addInitScript(installQuery);
      for (const [script, arg] of initScripts) await context.addInitScript(script, arg);
      const raw = await context.newPage();
      raw.setDefaultTimeout(timeout);
      const page = new ChromiumPage('chromium', raw, () => context.close());
      page.context = context;
      return page;
    },
    version: () => browser.version(),
    close: () => browser.close(),
  };
}

async function firefoxBrowser() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  return {
    kind: 'firefox',
    raw: browser,
    async newPage({ viewport = { width: 1000, height: 820 }, initScripts = [], timeout, proxy }) {
      // WebDriver BiDi takes the proxy as host:port.
      const context = await browser.createBrowserContext(proxy ? { proxyServer: new URL(proxy).host } : {});
      // A window each: a second tab of one window would be a background tab, its timers and media throttled.
      const raw = await context.newPage({ type: 'window' });
      await raw.setViewport(viewport);
      await raw.evaluateOnNewDocument(installQuery);
      for (const [script, arg] of initScripts) await raw.evaluateOnNewDocument(script, arg);
      raw.setDefaultTimeout(timeout);
      const page = new FirefoxPage('firefox', raw, () => context.close());
      page.defaultTimeout = timeout;
      return page;
    },
    version: () => browser.version(),
    close: () => browser.close(),
  };
}

/** Launches each kind the first time it is asked for, and keeps it for the rest of the run. */
export class BrowserPool {
  #launching = new Map();

  constructor({ chromiumPath = CHROMIUM_PATH } = {}) {
    this.chromiumPath = chromiumPath;
  }

  get(kind) {
    if (!BROWSER_KINDS.includes(kind)) throw new Error(`unknown browser "${kind}" (known: ${BROWSER_KINDS.join(', ')})`);
    if (!this.#launching.has(kind)) this.#launching.set(kind, kind === 'firefox' ? firefoxBrowser() : chromiumBrowser(this.chromiumPath));
    return this.#launching.get(kind);
  }

  async close() {
    for (const launching of this.#launching.values()) await (await launching.catch(() => null))?.close().catch(() => undefined);
  }
}
