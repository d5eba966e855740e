import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';
import { negotiatedCodecs, recordPeerConnections } from '../support/page-probes.mjs';

export const name = 'match, chat both ways, a video call each way with frames both ways, an audio-only call, hang up, Next → a call with the next partner';
/** Also run in the distributed mode, with the two guests on different gateways, and so again on a Redis Cluster. */
export const distributed = true;
export const cluster = true;
/** Run once per browser pairing (guests take turns between the pairing's two browsers). */
export const crossBrowser = true;

/** `caller` calls, `callee` accepts; both connected, then `check` while the call is up; `hangsUp` ends it. */
async function call(caller, callee, type, { check, hangsUp = caller } = {}) {
  await caller.button(type === 'video' ? 'Video call' : 'Audio call').click();
  await callee.incomingDialog().waitFor();
  assert.match(await callee.incomingDialog().innerText(), type === 'video' ? /Incoming video call/ : /Incoming audio call/);
  await callee.button('Accept').click();
  await Promise.all([caller.waitPhase('connected'), callee.waitPhase('connected')]);
  const result = await check?.();
  await hangsUp.button('Hang up').click();
  await Promise.all([caller.waitPhase('idle'), callee.waitPhase('idle')]);
  const other = hangsUp === caller ? callee : caller;
  await Promise.all([hangsUp.waitNotice('You ended the call.'), other.waitNotice('Your partner ended the call.')]);
  return result;
}

const framesBothWays = (a, b) => () => Promise.all([a.assertVideoFlowing(), b.assertVideoFlowing()]);

/** The caller offered VP8 first and H.264 (where the browser has it); the answer picked VP8. */
async function assertCodecs(caller, callee, t) {
  const offered = await caller.evaluate(negotiatedCodecs);
  const answered = await callee.evaluate(negotiatedCodecs);
  const offerVideo = offered.local.find((s) => s.kind === 'video').codecs;
  const answerVideo = answered.local.find((s) => s.kind === 'video').codecs;
  t.log(`${caller.name} (${caller.browser}) offered ${[...new Set(offerVideo)].join(', ')}; ${callee.name} (${callee.browser}) answered ${answerVideo[0]}`);
  assert.equal(offerVideo[0], 'VP8', 'VP8 is offered first');
  assert.equal(offerVideo.includes('H264'), offered.canSendH264, 'H.264 is offered wherever the browser has it');
  if (caller.browser === 'chromium') assert.ok(offerVideo.includes('H264'), 'Chromium offers H.264');
  assert.equal(answerVideo[0], 'VP8', 'the answer agrees on VP8');
}

export async function run(t) {
  const alice = await Guest.open(t, 'alice', t.baseUrl(0), { initScript: recordPeerConnections, side: 0 });
  const bob = await Guest.open(t, 'bob', t.baseUrl(1), { initScript: recordPeerConnections, side: 1 });

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

  await call(alice, bob, 'video', {
    check: async () => {
      const [aliceStats, bobStats] = await framesBothWays(alice, bob)();
      t.log(`alice: ${aliceStats.words} frames=${aliceStats.videoFramesDecoded}`);
      t.log(`bob:   ${bobStats.words} frames=${bobStats.videoFramesDecoded}`);
      await assertCodecs(alice, bob, t);
      if (t.gateways.length > 0) {
        const sockets = await Promise.all(t.gateways.map(async (gateway) => Number(/^rendezvous_connected_sockets (\d+)$/m.exec(await (await fetch(`${gateway.url}/metrics`)).text())?.[1] ?? 0)));
        assert.deepEqual(sockets, [1, 1], `one guest on each gateway (sockets per gateway: ${sockets.join(', ')})`);
      }
      await alice.web.element({ css: '.quality' });
      await alice.screenshot(t.artifact('live-call-alice.png'));
      await bob.screenshot(t.artifact('live-call-bob.png'));
      await alice.button('Mute').click();
      await alice.web.element({ css: 'button[aria-pressed="true"]', text: { source: 'Mute', flags: '' } });
      await alice.button('Camera off').click();
      await alice.web.element({ css: 'button[aria-pressed="true"]', text: { source: 'Camera off', flags: '' } });
      await alice.web.element({ css: '[role="status"], p, span, div', text: { source: 'Your microphone is muted\\. Your camera is off\\.', flags: '' } });
    },
  });
  await call(bob, alice, 'video', { check: async () => (await framesBothWays(alice, bob)(), assertCodecs(bob, alice, t)), hangsUp: alice });
  await call(alice, bob, 'audio', {
    hangsUp: bob,
    check: async () => {
      await Promise.all([alice.assertMediaArriving(), bob.assertMediaArriving()]);
      for (const guest of [alice, bob]) assert.deepEqual((await guest.evaluate(negotiatedCodecs)).local.map((s) => s.kind), ['audio'], `${guest.name}: audio only`);
    },
  });

  await alice.button('Next').click();
  await bob.waitChatEnded();
  const carol = await Guest.open(t, 'carol', t.baseUrl(1), { side: 1 });
  await carol.start();
  await Promise.all([alice.waitMatched(), carol.waitMatched()]);
  assert.equal(await alice.web.count({ css: '.bubble .text', text: { source: hello, flags: '' } }), 0, 'chat is cleared for a new partner');
  await call(carol, alice, 'video', { check: framesBothWays(alice, carol) });

  for (const guest of [alice, bob, carol]) guest.assertConsoleClean([hello, reply]);
}
