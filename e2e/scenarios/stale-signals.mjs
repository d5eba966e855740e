import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';
import { markCount, tapSocket } from '../support/page-probes.mjs';

export const name = 'an offer or answer of an earlier call, or from an earlier partner, delivered late: ignored, never shown as a new call';

/** Hands the app a description it already received once (as a late duplicate would arrive), and waits until the app has dropped it. */
async function redeliver(guest, event, index, step) {
  const before = await guest.evaluate(markCount, step);
  await guest.evaluate(({ event, index }) => window.__socketTap.redeliver(event, index), { event, index });
  await guest.web.waitUntil(({ step, before }) => performance.getEntriesByName(`rdv:${step}`, 'mark').length > before, { step, before });
}

async function callAndHangUp(caller, callee, button) {
  await caller.button(button).click();
  await callee.incomingDialog().waitFor();
  await callee.button('Accept').click();
  await Promise.all([caller.waitPhase('connected'), callee.waitPhase('connected')]);
  await caller.button('Hang up').click();
  await Promise.all([caller.waitPhase('idle'), callee.waitPhase('idle')]);
}

export async function run(t) {
  const [alice, bob] = await Guest.matchedPair(t, ['alice', 'bob'], { initScript: tapSocket });

  await callAndHangUp(alice, bob, 'Video call'); // alice receives bob's answer (call 1)
  await callAndHangUp(bob, alice, 'Audio call'); // alice receives bob's offer (call 2)

  // An offer of the ended call 2: no ringing.
  await redeliver(alice, 'webrtc:offer', -1, 'stale-offer');
  assert.equal(await alice.phase(), 'idle');
  assert.equal(await alice.incomingDialog().count(), 0, 'no dialog for an offer of an ended call');

  // Alice calls again (call 3); the answer of call 1 arrives late: it must not complete call 3.
  await alice.button('Video call').click();
  await bob.incomingDialog().waitFor();
  await redeliver(alice, 'webrtc:answer', -1, 'stale-answer');
  assert.equal(await alice.phase(), 'outgoing', 'an answer of an earlier call does not connect this one');
  await bob.button('Decline').click();
  await alice.waitNotice('Your partner declined the call.');

  // Bob calls once more, but his offer is held back on the way (as a relay on another path can be late) while
  // alice moves on to a new partner; it arrives after she is matched with carol.
  await alice.evaluate(() => window.__socketTap.holdNext('webrtc:offer'));
  await bob.button('Video call').click();
  await alice.web.waitUntil(() => window.__socketTap.held.length === 1);
  await alice.button('Next').click();
  await bob.waitChatEnded();
  const carol = await Guest.open(t, 'carol', t.baseUrl(1));
  await carol.start();
  await Promise.all([alice.waitMatched(), carol.waitMatched()]);
  const before = await alice.evaluate(markCount, 'stale-offer');
  await alice.evaluate(() => window.__socketTap.release());
  await alice.web.waitUntil((n) => performance.getEntriesByName('rdv:stale-offer', 'mark').length > n, before);
  assert.equal(await alice.incomingDialog().count(), 0, 'no dialog for an earlier partner\'s offer');
  assert.equal(await alice.phase(), 'idle');

  // The new partner's call still rings.
  await carol.button('Audio call').click();
  await alice.incomingDialog().waitFor();
  await alice.button('Decline').click();
  await carol.waitNotice('Your partner declined the call.');
}
