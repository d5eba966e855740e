/** Types of guest.mjs, for the TypeScript fault tests (test/faults) that drive browsers with it. */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export declare const FORBIDDEN_IN_CONSOLE: string[];

/** What Guest.open needs of a run (e2e/run.mjs builds one per scenario). */
export interface GuestRun {
  browser: Browser;
  config: { baseUrls: string[]; socketUrls: string[]; apiUrls: string[]; callTimeoutMs: number; stepTimeoutMs: number };
  guests: Guest[];
  baseUrl(index: number): string;
}

export interface CallStats {
  videoFramesDecoded: number;
  rttMs: number | null;
  inboundKbps: number;
  lossPercent: number;
  words: string;
}

export declare class Guest {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly console: string[];
  static open(run: GuestRun, name: string, baseUrl?: string, options?: { viewport?: { width: number; height: number }; isMobile?: boolean; initScript?: (() => void) | string | null }): Promise<Guest>;
  static matchedPair(run: GuestRun): Promise<[Guest, Guest]>;
  button(name: string): Locator;
  start(): Promise<void>;
  waitSearching(): Promise<void>;
  waitMatched(): Promise<string | undefined>;
  waitChatEnded(): Promise<void>;
  sendWithEnter(text: string): Promise<void>;
  sendWithButton(text: string): Promise<void>;
  waitPartnerMessage(text: string): Promise<void>;
  waitOwnMessage(text: string): Promise<void>;
  waitNotice(pattern: string | RegExp, timeout?: number): Promise<void>;
  incomingDialog(): Locator;
  phase(): Promise<string>;
  waitPhase(phase: string, timeout?: number): Promise<void>;
  stats(): Promise<CallStats | null>;
  assertVideoFlowing(): Promise<CallStats>;
  assertConsoleClean(extraForbidden?: string[]): void;
  close(): Promise<void>;
}
