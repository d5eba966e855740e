/**
 * Relay load for one system: N pairs exchange offer/answer and C candidates each way (the burst),
 * then every pair ping-pongs a candidate (one message in flight per pair) in the rounds the scenario asks for.
 * One-way latency is measured in this process: the receiver reads the time its partner sent at.
 */
import { clientMain } from '../support/client-process.mjs';
import { summarize, round } from '../support/stats.mjs';
import { connectPairs } from './lib/endpoints.mjs';
import { ANSWER, CANDIDATE, OFFER } from './lib/signaling-payloads.mjs';

clientMain(async ({ system, apiUrl, urls, pairs, candidates }, api) => {
  const started = Date.now();
  const endpoints = await connectPairs(system, { apiUrl, urls, pairs, progress: api.progress });
  api.progress(`${pairs} pairs connected in ${Date.now() - started} ms`);
  let errors = 0;
  let disconnects = 0;
  const errorCodes = {};
  const setupLatency = [];
  const pingLatency = [];
  let pingDeadline = Infinity;
  let pingStart = 0;
  let pingSeconds = 0;
  let pingReceived = 0;
  let burstDone;
  const burstFinished = new Promise((resolve) => (burstDone = resolve));
  let readyPairs = 0;

  endpoints.forEach(([a, b], index) => {
    const pair = { sentAt: 0, candidatesAt: { a: 0, b: 0 }, got: { a: 0, b: 0 }, ready: false };
    const side = (self, name) => {
      self.onClose?.(() => disconnects++);
      self.onError((error) => {
        errors++;
        errorCodes[error?.code ?? '?'] = (errorCodes[error?.code ?? '?'] ?? 0) + 1;
      });
      self.onMessage((kind, payload) => {
        const now = performance.now();
        if (kind === 'offer') {
          setupLatency.push(now - pair.sentAt);
          pair.sentAt = performance.now();
          self.send('answer', ANSWER);
          sendCandidates(self, name);
        } else if (kind === 'answer') {
          setupLatency.push(now - pair.sentAt);
          sendCandidates(self, name);
        } else if (!pair.ready) {
          if (!payload?.candidate?.candidate) return;
          const otherName = name === 'a' ? 'b' : 'a';
          setupLatency.push(now - pair.candidatesAt[otherName]);
          pair.got[name]++;
          if (pair.got[name] === candidates && pair.got[otherName] === candidates) markReady();
        } else {
          if (now <= pingDeadline) {
            pingLatency.push(now - pair.sentAt);
            pingReceived++;
          }
          if (now < pingDeadline) {
            pair.sentAt = performance.now();
            self.send('candidate', CANDIDATE);
          }
        }
      });
    };
    const sendCandidates = (self, name) => {
      pair.candidatesAt[name] = performance.now();
      for (let i = 0; i < candidates; i++) self.send('candidate', CANDIDATE);
    };
    const markReady = () => {
      if (pair.ready) return;
      pair.ready = true;
      if (++readyPairs === endpoints.length) burstDone();
    };
    side(a, 'a');
    side(b, 'b');
    pair.start = () => {
      pair.sentAt = performance.now();
      a.send('offer', OFFER);
    };
    pair.ping = () => {
      pair.sentAt = performance.now();
      a.send('candidate', CANDIDATE);
    };
    endpoints[index].pair = pair;
  });

  const burstStarted = performance.now();
  for (const e of endpoints) e.pair.start();
  // Bounded: on a starved machine a burst may not finish; the run goes on with the pairs that did, and says so.
  const burstTimeout = new Promise((resolve) => setTimeout(resolve, 180_000).unref());
  await Promise.race([burstFinished, burstTimeout]);
  const incomplete = endpoints.filter((e) => !e.pair.ready).length;
  if (incomplete > 0) api.progress(`burst incomplete after 180 s: ${incomplete}/${pairs} pairs not ready, ${errors} errors ${JSON.stringify(errorCodes)}`);
  const active = endpoints.filter((e) => e.pair.ready);
  const burstMs = performance.now() - burstStarted;
  api.progress(`burst (offer/answer + ${candidates}×2 candidates per pair) done in ${round(burstMs)} ms`);

  // Rounds of ping-pong, as the scenario asks: it interleaves the systems so machine noise hits them alike.
  for (let command = await api.ask({ phase: 'ready' }); command.roundMs; command = await api.ask({ phase: 'round-done' })) {
    pingStart = performance.now();
    pingDeadline = pingStart + command.roundMs;
    for (const e of active) e.pair.ping();
    await new Promise((resolve) => setTimeout(resolve, command.roundMs));
    await new Promise((resolve) => setTimeout(resolve, 300)); // in-flight messages land (and are not counted)
    pingSeconds += command.roundMs / 1000;
  }
  const droppedDuringRun = disconnects;
  for (const [a, b] of endpoints) {
    a.close();
    b.close();
  }
  return {
    pairs,
    sockets: pairs * 2,
    burstMs: round(burstMs),
    burstIncompletePairs: incomplete,
    disconnects: droppedDuringRun,
    burstMessagesPerSecond: round((pairs * (2 + 2 * candidates)) / (burstMs / 1000), 0),
    setupLatencyMs: summarize(setupLatency),
    latencyMs: summarize(pingLatency),
    messages: pingReceived,
    messagesPerSecond: round(pingReceived / pingSeconds, 0),
    seconds: pingSeconds,
    errors,
    errorCodes,
  };
});
