import { Guest } from '../support/guest.mjs';

export const name = 'a dropped connection shows a reconnecting banner and the pairing survives it';

/** Needs the server's reconnect grace window, which the mock backend does not have. */
export const backends = ['real'];

export async function run(t) {
  const [alice, bob] = await Guest.matchedPair(t);

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
