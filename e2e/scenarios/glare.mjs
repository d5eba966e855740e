import assert from 'node:assert/strict';
import { Guest } from '../support/guest.mjs';
import { socketCounts, tapSocket } from '../support/page-probes.mjs';

export const name = 'both press "Video call" at the same moment, 10 times with each browser as the polite peer: one offer/answer round, frames both ways';
/** Run once per browser pairing. */
export const crossBrowser = true;

export const REPETITIONS = Number(process.env.E2E_GLARE_REPETITIONS ?? 10);

/** How far ahead both clicks are scheduled: enough for the two pages to be told, under load too. */
const LEAD_MS = 400;
/** Tries of one repetition before giving up: a try does not count when one page's timer fired after the other's offer had arrived. */
const TRIES = 6;

/**
 * Both pages click "Video call" at the same instant of the shared clock (a timer in each page), not one after the
 * other. Resolves to whether both could: on a busy machine one timer can fire so late that the partner's offer
 * is already ringing there (no "Video call" button any more): that try is no glare.
 */
async function clickTogether(guests) {
  const at = Date.now() + LEAD_MS;
  // Only arms a timer and returns: a call that waited for the click would hold the driver's next command back.
  await Promise.all(
    guests.map((guest) =>
      guest.evaluate((at) => {
        window.__glareClicked = null;
        setTimeout(() => {
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Video call');
          const idle = window.__rendezvous.phase() === 'idle';
          if (idle) button?.click();
          window.__glareClicked = idle && !!button;
        }, at - Date.now());
      }, at),
    ),
  );
  const clicked = await Promise.all(guests.map((guest) => guest.web.waitUntil(() => window.__glareClicked !== null && { clicked: window.__glareClicked })));
  return clicked.every((c) => c.clicked);
}

/** After a try that was no glare: end the call one side started. */
async function endAnyCall(guests) {
  for (const guest of guests) {
    if (await guest.incomingDialog().isVisible()) await guest.button('Decline').click();
    else if (await guest.button('Hang up').isVisible()) await guest.button('Hang up').click();
  }
  await Promise.all(guests.map((guest) => guest.waitPhase('idle')));
}

const delta = (after, before, direction, event) => (after[direction][event] ?? 0) - (before[direction][event] ?? 0);

/** One glare: both call, both connected with frames both ways after ONE offer and ONE answer; then hang up. */
async function glareOnce(impolite, polite, hangsUp) {
  let before = await Promise.all([impolite.evaluate(socketCounts), polite.evaluate(socketCounts)]);
  for (let attempt = 1; !(await clickTogether([impolite, polite])); attempt++) {
    assert.ok(attempt < TRIES, `the two clicks never came before the other's offer in ${TRIES} tries (machine too busy)`);
    await endAnyCall([impolite, polite]);
    before = await Promise.all([impolite.evaluate(socketCounts), polite.evaluate(socketCounts)]);
  }
  await Promise.all([impolite.waitPhase('connected'), polite.waitPhase('connected')]);
  await Promise.all([impolite.assertVideoFlowing(), polite.assertVideoFlowing()]);
  assert.equal(await impolite.incomingDialog().count(), 0, 'no dialog on a simultaneous call');
  assert.equal(await polite.incomingDialog().count(), 0, 'no dialog on a simultaneous call');
  await hangsUp.button('Hang up').click();
  await Promise.all([impolite.waitPhase('idle'), polite.waitPhase('idle')]);
  const [i, p] = await Promise.all([impolite.evaluate(socketCounts), polite.evaluate(socketCounts)]);
  const rounds = {
    impoliteOffers: delta(i, before[0], 'sent', 'webrtc:offer'),
    politeOffers: delta(p, before[1], 'sent', 'webrtc:offer'),
    politeAnswers: delta(p, before[1], 'sent', 'webrtc:answer'),
    impoliteAnswers: delta(i, before[0], 'sent', 'webrtc:answer'),
    offersToPolite: delta(p, before[1], 'received', 'webrtc:offer'),
    answersToImpolite: delta(i, before[0], 'received', 'webrtc:answer'),
  };
  const one = { impoliteOffers: 1, politeAnswers: 1, impoliteAnswers: 0, offersToPolite: 1, answersToImpolite: 1 };
  const { politeOffers, ...rest } = rounds;
  assert.deepEqual(rest, one, `one offer/answer round (${JSON.stringify(rounds)})`);
  assert.ok(politeOffers <= 1, `the polite side offered at most once (${politeOffers})`);
  return politeOffers === 1;
}

/** A fresh pair; whoever presses Start second is the initiator, the impolite peer. */
async function pairWithImpoliteOn(t, impoliteSide, names) {
  const waiting = await Guest.open(t, names[0], t.baseUrl(0), { initScript: tapSocket, side: 1 - impoliteSide });
  const joining = await Guest.open(t, names[1], t.baseUrl(1), { initScript: tapSocket, side: impoliteSide });
  await waiting.start();
  await waiting.waitSearching();
  await joining.start();
  await Promise.all([waiting.waitMatched(), joining.waitMatched()]);
  assert.deepEqual([await joining.polite(), await waiting.polite()], [false, true], 'the joiner is the impolite peer');
  return [joining, waiting];
}

export async function run(t) {
  for (const [impoliteSide, names] of [[0, ['bob', 'alice']], [1, ['dave', 'carol']]]) {
    const [impolite, polite] = await pairWithImpoliteOn(t, impoliteSide, names);
    let crossed = 0;
    for (let rep = 0; rep < REPETITIONS; rep++) {
      if (await glareOnce(impolite, polite, rep % 2 ? impolite : polite)) crossed++;
    }
    t.log(`${polite.browser} polite, ${impolite.browser} impolite: ${REPETITIONS} of ${REPETITIONS} connected in one round (both offers on the wire in ${crossed})`);
    assert.ok(crossed > 0, 'the offers really crossed at least once');
    for (const guest of [impolite, polite]) guest.assertConsoleClean();
  }
}
