import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';

export const name = 'at phone width, with the keyboard only: start, chat with Enter, accept a call with Enter, hang up';

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true };

async function noHorizontalScroll(guest, where) {
  const overflow = await guest.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${guest.name}: ${overflow}px horizontal overflow at phone width (${where})`);
}

/** Tabs until the focused element is the named button (at most 30 presses). */
async function tabTo(guest, label) {
  for (let i = 0; i < 30; i++) {
    await guest.page.keyboard.press('Tab');
    const focused = await guest.page.evaluate(() => {
      const el = document.activeElement;
      return el && el.tagName === 'BUTTON' ? el.textContent.trim() : null;
    });
    if (focused === label) return;
  }
  throw new Error(`${guest.name}: could not reach "${label}" with Tab`);
}

export async function run(t) {
  const alice = await Guest.open(t, 'alice', t.baseUrl(0), PHONE);
  const bob = await Guest.open(t, 'bob', t.baseUrl(1), PHONE);
  await alice.button('Start').waitFor();
  await alice.page.locator('button.primary:not([disabled])', { hasText: 'Start' }).waitFor();
  await noHorizontalScroll(alice, 'landing');

  await tabTo(alice, 'Start');
  await alice.page.keyboard.press('Enter');
  await alice.waitSearching();
  await bob.page.locator('button.primary:not([disabled])', { hasText: 'Start' }).waitFor();
  await bob.start();
  await Promise.all([alice.waitMatched(), bob.waitMatched()]);
  await noHorizontalScroll(alice, 'matched');

  await alice.page.getByLabel('Message', { exact: true }).focus();
  await alice.page.keyboard.type('typed on a phone');
  await alice.page.keyboard.press('Enter');
  await bob.waitPartnerMessage('typed on a phone');

  await bob.button('Video call').click();
  await alice.incomingDialog().waitFor();
  await alice.page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Accept');
  await alice.page.keyboard.press('Tab');
  await alice.page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Decline');
  await alice.page.keyboard.press('Tab');
  await alice.page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Accept');
  await alice.page.keyboard.press('Enter');
  await Promise.all([alice.waitPhase('connected'), bob.waitPhase('connected')]);
  await noHorizontalScroll(alice, 'in call');
  await alice.assertVideoFlowing();
  await alice.page.screenshot({ path: t.artifact('phone-call-alice.png') });

  // Focus was on Accept, which went away: it lands on Hang up.
  await alice.page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Hang up');
  const outline = await alice.page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focused button shows a focus ring');
  await alice.page.keyboard.press('Enter');
  await Promise.all([alice.waitPhase('idle'), bob.waitPhase('idle')]);
}
