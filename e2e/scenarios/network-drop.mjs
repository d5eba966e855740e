import { Guest } from '../support/guest.mjs';

export const name = 'a dropped connection shows a reconnecting banner and the pairing survives it';

/** Needs the server's reconnect grace window, which the mock backend does not have. */
export const backends = ['real'];

export async function run(t) {
  const alice = await Guest.open(t, 'alice');
  const bob = await Guest.open(t, 'bob', t.baseUrl(1));
  await alice.start();
  await alice.waitSearching();
  await bob.start();
  await Promise.all([alice.waitMatched(), bob.waitMatched()]);

  await alice.context.setOffline(true);
  await alice.page.getByRole('alert').filter({ hasText: 'Connection lost. Reconnecting…' }).waitFor();
  await bob.waitNotice('Your partner lost their connection');
  await alice.context.setOffline(false);
  await alice.page.getByRole('alert').filter({ hasText: 'Reconnecting' }).waitFor({ state: 'detached' });
  await alice.waitMatched();

  const text = `back online ${Date.now()}`;
  await alice.sendWithEnter(text);
  await bob.waitPartnerMessage(text);
}
