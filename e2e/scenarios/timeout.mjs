import { Guest } from '../support/guest.mjs';

export const name = 'an unanswered call times out on both sides (server CALL_TIMEOUT_MS)';
/** Also run in the distributed mode, with the two guests on different gateways. */
export const distributed = true;

export async function run(t) {
  const [alice, bob] = await Guest.matchedPair(t);

  await alice.button('Video call').click();
  await bob.incomingDialog().waitFor();
  const wait = t.config.callTimeoutMs + 8_000;
  await alice.waitNotice('No answer: the call timed out.', wait);
  await bob.waitNotice('Missed call', wait);
  await bob.incomingDialog().waitFor({ state: 'detached' });
  await Promise.all([alice.waitPhase('idle'), bob.waitPhase('idle')]);
}
