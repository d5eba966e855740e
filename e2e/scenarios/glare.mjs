import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';

export const name = 'both call at the same moment: perfect negotiation connects them without a deadlock';

const clickNow = (guest, label) =>
  guest.page.evaluate((text) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === text)?.click(), label);

export async function run(t) {
  const [alice, bob] = await Guest.matchedPair(t);
  await Promise.all([alice.button('Video call').waitFor(), bob.button('Video call').waitFor()]);

  await Promise.all([clickNow(alice, 'Video call'), clickNow(bob, 'Video call')]);
  // Both were calling: neither may be left ringing or stuck; the impolite side's offer wins.
  await Promise.all([alice.waitPhase('connected'), bob.waitPhase('connected')]);
  assert.equal(await alice.incomingDialog().count(), 0, 'no dialog on a simultaneous call');
  assert.equal(await bob.incomingDialog().count(), 0, 'no dialog on a simultaneous call');
  await Promise.all([alice.assertVideoFlowing(), bob.assertVideoFlowing()]);
  await bob.button('Hang up').click();
  await Promise.all([alice.waitPhase('idle'), bob.waitPhase('idle')]);
}
