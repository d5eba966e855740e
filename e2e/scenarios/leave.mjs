import { Guest } from '../support/guest.mjs';

export const name = 'Stop cancels a search; Stop while matched tells the partner';

export async function run(t) {
  const alice = await Guest.open(t, 'alice');
  await alice.start();
  await alice.waitSearching();
  await alice.button('Stop').click();
  await alice.button('Start').waitFor();

  const bob = await Guest.open(t, 'bob', t.baseUrl(1));
  await alice.start();
  await alice.waitSearching();
  await bob.start();
  await Promise.all([alice.waitMatched(), bob.waitMatched()]);
  await bob.button('Stop').click();
  await bob.button('Start').waitFor();
  await alice.waitChatEnded();
  await alice.waitNotice('Your partner left the chat.');
}
