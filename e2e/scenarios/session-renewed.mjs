import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';

export const name = 'a session that ended while the guest was away: the app makes a new one, says so, and the guest can chat again';

/** Needs the real session service (its tokens die with the session). */
export const backends = ['real'];

export async function run(t) {
  const [alice, bob] = await Guest.matchedPair(t);
  const before = (await alice.page.locator('.whoami strong').textContent())?.trim();
  const { token } = await alice.page.evaluate(() => JSON.parse(sessionStorage.getItem('rendezvous.session') ?? '{}'));
  assert.ok(token, 'the app keeps its session in sessionStorage');

  // Away from the network, the session ends on the server (as when it expired): every token of it is dead.
  await alice.context.setOffline(true);
  await alice.page.getByRole('alert').filter({ hasText: 'Reconnecting' }).waitFor();
  const ended = await fetch(`${t.baseUrl(0)}/api/sessions/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  assert.equal(ended.status, 204);
  await bob.waitChatEnded();
  await alice.context.setOffline(false);

  // The refused handshake makes the app create a new guest and tell the person.
  await alice.page.getByRole('status').filter({ hasText: 'Your session expired, so you have a new guest name.' }).waitFor();
  await alice.page.getByRole('alert').filter({ hasText: 'Reconnecting' }).waitFor({ state: 'detached' });
  const after = (await alice.page.locator('.whoami strong').textContent())?.trim();
  assert.notEqual(after, before, 'a new guest name');

  const carol = await Guest.open(t, 'carol', t.baseUrl(1));
  await alice.page.locator('button.primary:not([disabled])', { hasText: /^(Start|Next)$/ }).first().waitFor();
  if (await alice.button('Start').isVisible()) await alice.start();
  else await alice.button('Next').click();
  await carol.start();
  await Promise.all([alice.waitMatched(), carol.waitMatched()]);
  const text = `new guest here ${Date.now()}`;
  await alice.sendWithEnter(text);
  await carol.waitPartnerMessage(text);
}
