import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';

export const name = 'Report with a reason ends the chat and (one report in this suite) bans the partner, who is told for how long; Block ends a chat';

/**
 * The ban and its message come from the real server (REPORT_BAN_THRESHOLD=1, BAN_DURATION_SECONDS=E2E_BAN_SECONDS).
 * A ban holds against Bob's guest and device only, not the address every browser here shares: Carol gets a session at once.
 */
export const backends = ['real'];

export async function run(t) {
  const [alice, bob] = await Guest.matchedPair(t);

  await alice.button('Report').click();
  const reason = alice.page.getByLabel(/Why are you reporting/);
  await reason.selectOption({ label: 'Harassment or bullying' });
  await alice.page.screenshot({ path: t.artifact('report-form.png') });
  await alice.button('Send report').click();
  await alice.waitChatEnded();
  await alice.waitNotice('You reported your partner. You will not be matched with them again.');

  const banned = bob.page.locator('.notice', { hasText: 'You are banned from Rendezvous for' });
  await banned.waitFor();
  assert.match(await banned.innerText(), new RegExp(`banned from Rendezvous for \\d+ s after reports from other guests`));
  await bob.button('Start').waitFor();
  await bob.page.screenshot({ path: t.artifact('banned.png') });

  const carol = await Guest.open(t, 'carol');
  await alice.button('Next').click();
  await alice.waitSearching();
  await carol.start();
  await Promise.all([alice.waitMatched(), carol.waitMatched()]);
  await carol.button('Block').click();
  await carol.waitChatEnded();
  await carol.waitNotice('You blocked your partner. You will not be matched with them again.');
  await alice.waitChatEnded();
  await alice.waitNotice('Your partner left the chat.');
  for (const guest of [alice, bob, carol]) guest.assertConsoleClean();
}
