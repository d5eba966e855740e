import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Guest } from '../support/guest.mjs';
import { recordPeerConnections } from '../support/page-probes.mjs';

export const name = 'a real call and chat at LOG_LEVEL=trace: the backend log holds no ice-ufrag, ice-pwd, fingerprint, candidate or chat text';

/** Reads the log of the backend this runner started (LOG_LEVEL=trace, see support/backend.mjs). */
export const needsBackendLog = true;

/** The values of this call that must never reach a log. */
async function secretsOf(guest) {
  const { sdps, candidates } = await guest.page.evaluate(() => ({
    sdps: window.__recorded.connections.flatMap((pc) => [pc.localDescription?.sdp, pc.remoteDescription?.sdp]).filter(Boolean),
    candidates: window.__recorded.candidates,
  }));
  const secrets = new Set();
  for (const sdp of sdps) {
    for (const [, value] of sdp.matchAll(/^a=ice-ufrag:(\S+)/gm)) secrets.add(`ice-ufrag:${value}`);
    for (const [, value] of sdp.matchAll(/^a=ice-pwd:(\S+)/gm)) secrets.add(value);
    for (const [, value] of sdp.matchAll(/^a=fingerprint:\S+ (\S+)/gm)) secrets.add(value);
    for (const [, value] of sdp.matchAll(/^a=(candidate:\S+ \d \S+ \d+ \S+ \d+)/gm)) secrets.add(value);
  }
  for (const candidate of candidates) secrets.add(candidate.split(' typ ')[0]);
  return { secrets: [...secrets], sdps: sdps.length, candidates: candidates.length };
}

export async function run(t) {
  const alice = await Guest.open(t, 'alice', t.baseUrl(0), { initScript: recordPeerConnections });
  const bob = await Guest.open(t, 'bob', t.baseUrl(1), { initScript: recordPeerConnections });
  await alice.start();
  await alice.waitSearching();
  await bob.start();
  await Promise.all([alice.waitMatched(), bob.waitMatched()]);

  const text = `never in a log ${Date.now()} ${Math.random().toString(36).slice(2)}`;
  await alice.sendWithEnter(text);
  await bob.waitPartnerMessage(text);
  await alice.button('Video call').click();
  await bob.incomingDialog().waitFor();
  await bob.button('Accept').click();
  await Promise.all([alice.waitPhase('connected'), bob.waitPhase('connected')]);
  await alice.assertVideoFlowing();

  const found = await Promise.all([secretsOf(alice), secretsOf(bob)]);
  for (const [i, f] of found.entries()) {
    t.log(`${i ? 'bob' : 'alice'}: ${f.sdps} descriptions, ${f.candidates} candidates, ${f.secrets.length} values to look for`);
    assert.ok(f.sdps >= 2 && f.secrets.some((s) => s.startsWith('ice-ufrag:')), 'the call produced SDP to look for');
  }
  await alice.button('Hang up').click();
  await Promise.all([alice.waitPhase('idle'), bob.waitPhase('idle')]);

  // The suite's token TTL is short, so a token hand-over (logged at trace level) happens during the run.
  const deadline = Date.now() + 30_000;
  let log = readFileSync(t.backendLog, 'utf8');
  while (!/"level":10\b/.test(log) && Date.now() < deadline) {
    await alice.page.waitForTimeout(500);
    log = readFileSync(t.backendLog, 'utf8');
  }
  assert.match(log, /"level":10\b/, 'the backend logs at trace level');
  assert.match(log, /"level":20\b/, 'the backend logs at debug level');
  for (const secret of [...found.flatMap((f) => f.secrets), text]) {
    assert.ok(!log.includes(secret), `the backend log contains "${secret}"`);
  }
  t.log(`backend log: ${log.split('\n').length} lines searched`);
}
