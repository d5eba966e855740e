import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';

export const name = 'two strangers match, chat both ways, video call with frames both ways, hang up, next → a third is matched';
/** Also run in the distributed mode, with the two guests on different gateways. */
export const distributed = true;

export async function run(t) {
  const alice = await Guest.open(t, 'alice');
  const bob = await Guest.open(t, 'bob', t.baseUrl(1));

  await alice.start();
  await alice.waitSearching();
  await bob.start();
  const [aliceSees, bobSees] = await Promise.all([alice.waitMatched(), bob.waitMatched()]);
  assert.ok(aliceSees && bobSees, 'both see a partner name');

  const hello = `hello from alice ${Date.now()}`;
  const reply = `hi alice, bob here ${Date.now()}`;
  await alice.sendWithEnter(hello);
  await alice.waitOwnMessage(hello);
  await bob.waitPartnerMessage(hello);
  await bob.sendWithButton(reply);
  await alice.waitPartnerMessage(reply);

  await alice.button('Video call').click();
  await bob.incomingDialog().waitFor();
  assert.match(await bob.incomingDialog().innerText(), /Incoming video call/);
  await bob.button('Accept').click();
  await Promise.all([alice.waitPhase('connected'), bob.waitPhase('connected')]);

  const [aliceStats, bobStats] = await Promise.all([alice.assertVideoFlowing(), bob.assertVideoFlowing()]);
  t.log(`alice: ${aliceStats.words} frames=${aliceStats.videoFramesDecoded}`);
  t.log(`bob:   ${bobStats.words} frames=${bobStats.videoFramesDecoded}`);
  if (t.mode === 'distributed') {
    const sockets = await Promise.all(t.gateways.map(async (gateway) => Number(/^rendezvous_connected_sockets (\d+)$/m.exec(await (await fetch(`${gateway.url}/metrics`)).text())?.[1] ?? 0)));
    assert.deepEqual(sockets, [1, 1], `one guest on each gateway (sockets per gateway: ${sockets.join(', ')})`);
  }
  await alice.page.locator('.quality').waitFor();
  await alice.page.screenshot({ path: t.artifact('live-call-alice.png') });
  await bob.page.screenshot({ path: t.artifact('live-call-bob.png') });

  await alice.button('Mute').click();
  await alice.page.locator('button[aria-pressed="true"]', { hasText: 'Mute' }).waitFor();
  await alice.button('Camera off').click();
  await alice.page.locator('button[aria-pressed="true"]', { hasText: 'Camera off' }).waitFor();
  await alice.page.getByText('Your microphone is muted. Your camera is off.').waitFor();

  await alice.button('Hang up').click();
  await Promise.all([alice.waitPhase('idle'), bob.waitPhase('idle')]);
  await bob.waitNotice('Your partner ended the call.');
  await alice.waitNotice('You ended the call.');

  await alice.button('Next').click();
  await bob.waitChatEnded();
  const carol = await Guest.open(t, 'carol');
  await carol.start();
  await Promise.all([alice.waitMatched(), carol.waitMatched()]);
  assert.equal(await alice.page.locator('.bubble .text', { hasText: hello }).count(), 0, 'chat is cleared for a new partner');

  for (const guest of [alice, bob, carol]) guest.assertConsoleClean([hello, reply]);
}
