/** Types of browsers.mjs, for the TypeScript fault tests. */
import type { BrowserContext } from 'playwright-core';

export type BrowserKind = 'chromium' | 'firefox';
export declare const FIREFOX_PATH: string;
export declare const BROWSER_KINDS: BrowserKind[];

/** What the page finder matches: CSS, then (optionally) the accessible name as a RegExp source, enabled only. */
export interface PageQuery {
  css: string;
  text?: { source: string; flags: string };
  enabled?: boolean;
}

/** One guest's page; the same methods in both browsers. `raw` is the driver's page (Playwright's in Chromium). */
export interface GuestPage {
  readonly kind: BrowserKind;
  readonly raw: any;
  readonly context?: BrowserContext;
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  waitUntil<T, A>(fn: (arg: A) => T, arg: A, timeout?: number): Promise<T>;
  count(query: PageQuery): Promise<number>;
  text(query: PageQuery, timeout?: number): Promise<string>;
  waitGone(query: PageQuery, timeout?: number): Promise<void>;
  click(query: PageQuery, timeout?: number): Promise<void>;
  fill(query: PageQuery, value: string, key?: string): Promise<void>;
  screenshot(path: string): Promise<unknown>;
  close(): Promise<void>;
}

export interface LaunchedBrowser {
  readonly kind: BrowserKind;
  /** The driver's own browser (Playwright's in Chromium, Puppeteer's in Firefox). */
  readonly raw: any;
  /** `proxy`: an HTTP proxy URL for this context alone (support/loopback-proxy.mjs). */
  newPage(options: { viewport?: { width: number; height: number }; isMobile?: boolean; initScripts?: Array<[unknown, unknown]>; timeout?: number; proxy?: string }): Promise<GuestPage>;
  version(): string | Promise<string>;
  close(): Promise<void>;
}

export declare class BrowserPool {
  constructor(options?: { chromiumPath?: string });
  get(kind: BrowserKind): Promise<LaunchedBrowser>;
  close(): Promise<void>;
}
