import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';

export const name = 'the callee declines an audio call and both are told';
/** Also run in the distributed mode, with the two guests on different gateways. */
export const distributed = true;

export async function run(t) {
  const [alice, bob] = await Guest.matchedPair(t);

  await bob.button('Audio call').click();
  await alice.incomingDialog().waitFor();
  assert.match(await alice.incomingDialog().innerText(), /Incoming audio call/);
  assert.match(await alice.incomingDialog().innerText(), /\d+ s left to answer/);
  await alice.button('Decline').click();
  await bob.waitNotice('Your partner declined the call.');
  await alice.waitNotice('You declined the call.');
  assert.equal(await bob.phase(), 'idle');
  assert.equal(await alice.incomingDialog().count(), 0);
  assert.ok(await bob.button('Video call').isEnabled(), 'can call again');
}
