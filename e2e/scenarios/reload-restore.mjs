import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';

export const name = 'a reload keeps the guest and the pairing: the partner sees "reconnecting", then both are together again';

/** Needs the server's reconnect grace window, which the mock backend does not have. */
export const backends = ['real'];

export async function run(t) {
  const alice = await Guest.open(t, 'alice');
  const bob = await Guest.open(t, 'bob', t.baseUrl(1));
  await alice.start();
  await alice.waitSearching();
  await bob.start();
  const [, bobSeesBefore] = await Promise.all([alice.waitMatched(), bob.waitMatched()]);
  const bobNameBefore = await bob.page.locator('.whoami strong').textContent();

  await bob.page.reload();
  await alice.waitNotice('Your partner lost their connection');
  const bobSeesAfter = await bob.waitMatched();
  assert.equal(bobSeesAfter, bobSeesBefore, 'bob is back with the same partner');
  assert.equal(await bob.page.locator('.whoami strong').textContent(), bobNameBefore, 'bob kept his guest name');
  await alice.page.locator('.notice', { hasText: 'Your partner lost their connection' }).waitFor({ state: 'detached' });

  const text = `still here ${Date.now()}`;
  await bob.sendWithEnter(text);
  await alice.waitPartnerMessage(text);
}
