import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { startAllInOne } from '../support/backend.mjs';
import { Guest } from '../support/guest.mjs';
import { recordPeerConnections } from '../support/page-probes.mjs';
import { startTurnServer } from '../support/turn-server.mjs';

export const name = 'with TURN (a real coturn): both guests tick "Hide my IP address", the call connects relay to relay with the app\'s credentials, no host candidate leaves the page, and coturn refuses an expired credential';
/** Its own embedded server (with TURN) and its own coturn. */
export const backends = ['real'];

const SECRET = 'turn-e2e-secret-0123456789';

/** The types of the candidate pair the call runs on (Chromium's transport stats name it). */
async function selectedPair() {
  const pc = window.__recorded.connections.at(-1);
  const stats = await pc.getStats();
  let pair = null;
  stats.forEach((entry) => {
    if (entry.type === 'transport' && entry.selectedCandidatePairId) pair = stats.get(entry.selectedCandidatePairId);
  });
  return pair ? { local: stats.get(pair.localCandidateId)?.candidateType, remote: stats.get(pair.remoteCandidateId)?.candidateType, state: pair.state } : null;
}

/** Gathers relay candidates with one credential, as a browser does before a call; counts them and the errors. */
async function gatherRelay({ urls, username, credential }) {
  const pc = new RTCPeerConnection({ iceServers: [{ urls, username, credential }], iceTransportPolicy: 'relay' });
  const found = { relay: 0, errors: [] };
  pc.addEventListener('icecandidate', (event) => event.candidate?.candidate.includes(' typ relay') && found.relay++);
  pc.addEventListener('icecandidateerror', (event) => found.errors.push(event.errorCode));
  pc.createDataChannel('probe');
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    const done = () => pc.iceGatheringState === 'complete' && resolve();
    pc.addEventListener('icegatheringstatechange', done);
    setTimeout(resolve, 8_000);
    done();
  });
  pc.close();
  return found;
}

/** A TURN REST API credential (coturn use-auth-secret), as the server mints them. */
function credential(expiresAtSeconds, owner) {
  const username = `${expiresAtSeconds}:${owner}`;
  return { username, credential: createHmac('sha1', SECRET).update(username).digest('base64') };
}

export async function run(t) {
  const turn = await startTurnServer({ secret: SECRET });
  const backend = await startAllInOne({
    callTimeoutMs: t.config.callTimeoutMs,
    tokenTtlSeconds: t.config.tokenTtlSeconds,
    banSeconds: t.config.banSeconds,
    logStream: createWriteStream(t.artifact('backend-turn.log')),
    env: { TURN_URLS: turn.url, TURN_SECRET: SECRET, ICE_TRANSPORT_POLICY: 'all' },
  });
  try {
    const alice = await Guest.open(t, 'alice', backend.baseUrl, { initScript: recordPeerConnections, side: 0 });
    const bob = await Guest.open(t, 'bob', backend.baseUrl, { initScript: recordPeerConnections, side: 1 });
    await alice.start();
    await alice.waitSearching();
    await bob.start();
    await Promise.all([alice.waitMatched(), bob.waitMatched()]);
    for (const guest of [alice, bob]) {
      const hide = guest.page.getByLabel('Hide my IP address (relay only)');
      await hide.check();
      await guest.page.getByText('Calls go through a relay server: your partner cannot see your IP address.').waitFor();
    }

    await alice.videoCallWith(bob);
    for (const guest of [alice, bob]) {
      assert.deepEqual(await guest.evaluate(selectedPair), { local: 'relay', remote: 'relay', state: 'succeeded' }, `${guest.name}: the call runs relay to relay`);
      const types = await guest.evaluate(() => window.__recorded.candidates.map((line) => / typ (\w+)/.exec(line)?.[1]));
      assert.ok(types.length > 0 && types.every((type) => type === 'relay'), `${guest.name}: only relay candidates left the page (${types.join(', ')})`);
    }
    t.log(`alice and bob: relay ↔ relay through coturn on ${turn.url}`);

    // coturn itself checks the credentials: a fresh one of the secret gets a relay, an expired one is refused.
    const now = Math.floor(Date.now() / 1000);
    const fresh = await alice.evaluate(gatherRelay, { urls: turn.url, ...credential(now + 600, 'probe') });
    assert.ok(fresh.relay > 0, `a fresh credential gets a relay candidate (${JSON.stringify(fresh)})`);
    const expired = await alice.evaluate(gatherRelay, { urls: turn.url, ...credential(now - 60, 'probe') });
    assert.equal(expired.relay, 0, `an expired credential gets no relay (${JSON.stringify(expired)})`);
    const forged = await alice.evaluate(gatherRelay, { urls: turn.url, username: `${now + 600}:probe`, credential: 'not-the-hmac' });
    assert.equal(forged.relay, 0, `a credential not made with the secret gets no relay (${JSON.stringify(forged)})`);
    t.log(`coturn: fresh → ${fresh.relay} relay candidate(s); expired → errors ${expired.errors.join(', ') || 'none reported'}; forged → errors ${forged.errors.join(', ') || 'none reported'}`);
  } finally {
    for (const guest of t.guests.splice(0)) await guest.close();
    await backend.stop();
    await turn.stop();
  }
}
