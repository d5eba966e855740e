import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';

export const name = 'the token is refreshed before it expires, so a later reconnect keeps the same guest';

const storedToken = (guest) => guest.page.evaluate(() => JSON.parse(sessionStorage.getItem('rendezvous.session') ?? '{}').token ?? null);

/** Needs the server's reconnect grace window, which the mock backend does not have. */
export const backends = ['real'];

export async function run(t) {
  const ttlMs = t.config.tokenTtlSeconds * 1000;
  const [alice, bob] = await Guest.matchedPair(t);
  const firstToken = await storedToken(alice);
  const name = await alice.page.locator('.whoami strong').textContent();

  await alice.page.waitForTimeout(ttlMs + 2_000); // the first token has expired by now
  assert.notEqual(await storedToken(alice), firstToken, 'the token was refreshed');

  await alice.context.setOffline(true);
  await alice.page.getByRole('alert').filter({ hasText: 'Reconnecting' }).waitFor();
  await alice.context.setOffline(false);
  await alice.page.getByRole('alert').filter({ hasText: 'Reconnecting' }).waitFor({ state: 'detached' });
  await alice.waitMatched();
  assert.equal(await alice.page.locator('.whoami strong').textContent(), name, 'same guest after reconnecting');

  const text = `after refresh ${Date.now()}`;
  await alice.sendWithEnter(text);
  await bob.waitPartnerMessage(text);
}
