/** Types of guest.mjs, for the TypeScript fault tests (test/faults) that drive browsers with it. */
import type { BrowserContext, Page } from 'playwright-core';
import type { BrowserKind, BrowserPool, GuestPage } from './browsers.mjs';

export declare const FORBIDDEN_IN_CONSOLE: string[];

/** What Guest.open needs of a run (e2e/run.mjs builds one per scenario). */
export interface GuestRun {
  browsers: BrowserPool;
  /** The two browsers of the scenario; guests take turns (or pick a `side`). */
  pairing: [BrowserKind, BrowserKind];
  config: { baseUrls: string[]; socketUrls: string[]; apiUrls: string[]; callTimeoutMs: number; stepTimeoutMs: number };
  guests: Guest[];
  baseUrl(index: number): string;
}

export interface CallStats {
  videoFramesDecoded: number;
  packetsReceived: number;
  rttMs: number | null;
  inboundKbps: number;
  lossPercent: number;
  words: string;
}

/** A button or dialog found the way a person finds it. */
export interface Thing {
  click(options?: { timeout?: number }): Promise<void>;
  waitFor(options?: { state?: 'visible' | 'detached' | 'hidden'; timeout?: number }): Promise<void>;
  isVisible(): Promise<boolean>;
  isEnabled(): Promise<boolean>;
  count(): Promise<number>;
  innerText(): Promise<string>;
}

export declare class Guest {
  readonly name: string;
  readonly browser: BrowserKind;
  readonly web: GuestPage;
  /** Playwright's context and page in Chromium (for Chromium-only steps). */
  readonly context: BrowserContext;
  readonly page: Page;
  readonly console: string[];
  static open(run: GuestRun, name: string, baseUrl?: string, options?: { viewport?: { width: number; height: number }; isMobile?: boolean; initScript?: (() => void) | Array<() => void> | null; side?: 0 | 1 }): Promise<Guest>;
  static matchedPair(run: GuestRun, names?: [string, string], options?: { initScript?: (() => void) | Array<() => void> | null }): Promise<[Guest, Guest]>;
  button(name: string): Thing;
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  start(): Promise<void>;
  waitSearching(): Promise<void>;
  waitMatched(): Promise<string | undefined>;
  waitChatEnded(): Promise<void>;
  sendWithEnter(text: string): Promise<void>;
  sendWithButton(text: string): Promise<void>;
  waitPartnerMessage(text: string): Promise<void>;
  waitOwnMessage(text: string): Promise<void>;
  waitNotice(pattern: string | RegExp, timeout?: number): Promise<void>;
  incomingDialog(): Thing;
  polite(): Promise<boolean>;
  screenshot(path: string): Promise<unknown>;
  assertMediaArriving(): Promise<CallStats>;
  phase(): Promise<string>;
  waitPhase(phase: string, timeout?: number): Promise<void>;
  stats(): Promise<CallStats | null>;
  assertVideoFlowing(): Promise<CallStats>;
  /** Calls `callee` with video, which accepts; resolves once both are connected with frames flowing both ways. */
  videoCallWith(callee: Guest): Promise<void>;
  assertConsoleClean(extraForbidden?: string[]): void;
  close(): Promise<void>;
}
