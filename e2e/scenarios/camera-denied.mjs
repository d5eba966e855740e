import { Guest } from '../support/guest.mjs';

export const name = 'camera permission denied: a clear message, the call goes on audio-only and chat still works';

/** Makes this page's camera requests fail like a denied permission prompt (the microphone still works). */
async function denyCamera(guest) {
  await guest.page.evaluate(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) =>
      constraints && constraints.video ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : original(constraints);
  });
}

export async function run(t) {
  const alice = await Guest.open(t, 'alice');
  const bob = await Guest.open(t, 'bob', t.baseUrl(1));
  await denyCamera(bob);
  await alice.start();
  await alice.waitSearching();
  await bob.start();
  await Promise.all([alice.waitMatched(), bob.waitMatched()]);

  await alice.button('Video call').click();
  await bob.incomingDialog().waitFor();
  await bob.button('Accept').click();
  await bob.waitNotice('Permission to use the camera was denied: continuing with audio only.');
  await Promise.all([alice.waitPhase('connected'), bob.waitPhase('connected')]);
  await bob.assertVideoFlowing(); // bob still sees alice
  await bob.button('Camera off').waitFor();
  await bob.page.locator('button[disabled]', { hasText: 'Camera off' }).waitFor();

  await bob.sendWithEnter('no camera here');
  await alice.waitPartnerMessage('no camera here');
  await alice.button('Hang up').click();
  await Promise.all([alice.waitPhase('idle'), bob.waitPhase('idle')]);
}
