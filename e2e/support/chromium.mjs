import { chromium } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless, no sandbox (root), no network of its own (this machine's closed network refuses it), and a
 * fake camera and microphone that need no permission prompt: two pages then call each other on loopback.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

/** The browser the e2e suite, the browser fault test and the browser benchmark drive (fresh profile each launch). */
export function launchChromium(executablePath = CHROMIUM_PATH) {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
