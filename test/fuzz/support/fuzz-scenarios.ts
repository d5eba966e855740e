import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc, { type IAsyncProperty, type Parameters } from 'fast-check';
import { sleep } from '../../support/eventually.js';
import { createSession, GuestClient, sdp } from '../../support/guest-client.js';
import { badEvent, type BadEvent, MARKER, MAX_JSON_BYTES } from './bad-payloads.js';
import { badRestRequest, type BadRestRequest } from './bad-requests.js';

/**
 * FUZZ_RUNS broken socket events per topology (default 2,500; FUZZ_FULL=1: 50,000, so the embedded and
 * distributed runs together send 100,000), and a tenth as many broken REST requests. FUZZ_SEED replays a run.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.FUZZ_FULL === '1' ? 50_000 : 2_500));
const REST_RUNS = Math.max(100, Math.ceil(FUZZ_RUNS / 10));
const BATCH = 100;
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

export interface FuzzTopology {
  apiUrl: string;
  /** Where the two guests of a pair connect (the same URL twice in embedded mode). */
  gatewayUrls: [string, string];
  /** The frame size above which the transport closes the connection. */
  maxFrameBytes: number;
  /** True while every process is still running. */
  alive(): boolean;
}

/** Events a guest may receive that are not about the fuzzing. */
const BACKGROUND = new Set(['presence:stats']);

async function pairUp(topology: FuzzTopology, names: [string, string]): Promise<[GuestClient, GuestClient]> {
  const a = await GuestClient.create(topology.apiUrl, topology.gatewayUrls[0], { username: names[0] });
  const b = await GuestClient.create(topology.apiUrl, topology.gatewayUrls[1], { username: names[1] });
  a.emit('match:join', {});
  await a.waitFor('match:searching');
  b.emit('match:join', {});
  if ((await a.waitFor('match:found')).partner.id !== b.id) throw new Error('paired with someone else');
  await b.waitFor('match:found');
  return [a, b];
}

/** Keeps two guests chatting both ways until stopped; then checks every line arrived once, in order, from the right sender. */
function keepChatting(a: GuestClient, b: GuestClient): { stop(): Promise<void>; halt(): void } {
  let running = true;
  let sent = 0;
  const loop = (async () => {
    while (running) {
      a.emit('chat:message', { text: `a→b ${sent}` });
      b.emit('chat:message', { text: `b→a ${sent}` });
      sent++;
      await sleep(50);
    }
  })();
  return {
    halt: () => {
      running = false;
    },
    stop: async () => {
      running = false;
      await loop;
      for (const [from, to, arrow] of [[a, b, 'a→b'], [b, a, 'b→a']] as const) {
        const deadline = Date.now() + 10_000;
        while (to.eventsNamed('chat:message').length < sent && Date.now() < deadline) await sleep(20);
        const lines = to.eventsNamed('chat:message');
        expect(lines.map((m) => m.text)).toEqual(Array.from({ length: sent }, (_, i) => `${arrow} ${i}`));
        expect(new Set(lines.map((m) => m.from))).toEqual(new Set([from.id]));
        expect(to.received.filter((r) => !BACKGROUND.has(r.event) && r.event !== 'chat:message' && r.event !== 'match:found')).toEqual([]);
      }
    },
  };
}

function describeValue(value: unknown): string {
  const json = JSON.stringify(value, (_, v: unknown) => (v && typeof v === 'object' && 'type' in v && (v as { type: unknown }).type === 'Buffer' ? '<Buffer>' : v));
  return json === undefined ? String(value) : json.length > 300 ? `${json.slice(0, 300)}… (${json.length} chars)` : json;
}

/** Sends one broken event at a time and returns the first not answered with INVALID_PAYLOAD. */
async function findCulprit(fuzzer: GuestClient, events: BadEvent[]): Promise<string> {
  for (const { event, payload } of events) {
    fuzzer.clear();
    fuzzer.emit(event, payload);
    const deadline = Date.now() + 3_000;
    while (fuzzer.eventsNamed('webrtc:error').length === 0 && Date.now() < deadline) await sleep(10);
    const answer = fuzzer.eventsNamed('webrtc:error')[0];
    if (answer?.code !== 'INVALID_PAYLOAD') return `${event} ${describeValue(payload)} → ${answer ? JSON.stringify(answer) : 'no answer'}`;
  }
  return 'no single culprit (answers depended on the batch)';
}

/** fc.assert, with a failure report short enough to read (a counterexample may be 50 KB of nesting). */
async function assertProperty<T>(property: IAsyncProperty<T>, parameters: Parameters<T>): Promise<void> {
  const details = await fc.check(property, parameters);
  if (!details.failed) return;
  const example = details.counterexample ? describeValue(details.counterexample) : 'none';
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}")\n${cause.slice(0, 2_000)}\ncounterexample: ${example}`);
}

/** The fuzzing every topology goes through. `extraChecks` adds what only that topology can check. */
export function fuzzScenarios(name: string, topology: () => FuzzTopology, extraChecks: { afterFuzz?: () => Promise<void> | void } = {}): void {
  describe(`fuzzing ${name} (seed ${FUZZ_SEED})`, () => {
    let control: [GuestClient, GuestClient];
    let fuzzers: [GuestClient, GuestClient];
    let chatting: ReturnType<typeof keepChatting>;
    let reference: { guestKeys: string[]; foundKeys: string[]; chatKeys: string[] };

    beforeAll(async () => {
      control = await pairUp(topology(), ['ControlA', 'ControlB']);
      fuzzers = await pairUp(topology(), ['FuzzA', 'FuzzB']);
      const found = await control[0].waitFor('match:found');
      control[0].emit('chat:message', { text: 'reference' });
      const chat = await control[1].waitFor('chat:message');
      reference = { guestKeys: Object.keys(control[0].session.guest).sort(), foundKeys: Object.keys(found).sort(), chatKeys: Object.keys(chat).sort() };
      control.forEach((guest) => guest.clear());
      chatting = keepChatting(...control);
    }, 30_000);

    afterAll(() => {
      chatting?.halt();
      [...(control ?? []), ...(fuzzers ?? [])].forEach((guest) => guest.close());
    });

    it(`answers ${FUZZ_RUNS} broken payloads of every client event with INVALID_PAYLOAD, relays none, and a control pair chats on undisturbed`, async () => {
      let sent = 0;
      await assertProperty(
        fc.asyncProperty(fc.array(badEvent, { minLength: BATCH, maxLength: BATCH }), async (events) => {
          // The two fuzzing guests take turns; each one's partner must receive nothing from it.
          const [fuzzer, partner] = sent % (2 * BATCH) === 0 ? fuzzers : [fuzzers[1], fuzzers[0]];
          fuzzer.clear();
          partner.clear();
          const expected = new Map<string, number>();
          for (const { event, payload } of events) {
            const size = Buffer.byteLength(JSON.stringify(payload) ?? '');
            if (size > MAX_JSON_BYTES) throw new Error(`generator bug: a ${size}-byte payload would exceed the frame limit`);
            expected.set(event, (expected.get(event) ?? 0) + 1);
            fuzzer.emit(event, payload);
          }
          sent += events.length;
          const deadline = Date.now() + 15_000;
          while (fuzzer.eventsNamed('webrtc:error').length < events.length && Date.now() < deadline && fuzzer.socket.connected) await sleep(5);
          const errors = fuzzer.eventsNamed('webrtc:error');
          const answered = new Map<string, number>();
          for (const error of errors) if (error.code === 'INVALID_PAYLOAD') answered.set(error.event, (answered.get(error.event) ?? 0) + 1);
          const ok = fuzzer.socket.connected && errors.length === events.length && [...expected].every(([event, n]) => answered.get(event) === n);
          if (!ok) {
            const odd = [...expected.keys()].filter((event) => answered.get(event) !== expected.get(event));
            const culprit = fuzzer.socket.connected ? await findCulprit(fuzzer, events.filter((e) => odd.includes(e.event))) : 'the socket was closed';
            throw new Error(`batch not answered one INVALID_PAYLOAD per event: sent ${describeValue([...expected])}, answered ${describeValue([...answered])}, other errors ${describeValue(errors.filter((e) => e.code !== 'INVALID_PAYLOAD').slice(0, 5))}; culprit: ${culprit}`);
          }
          const relayed = partner.received.filter((r) => !BACKGROUND.has(r.event));
          if (relayed.length > 0) throw new Error(`the partner received ${describeValue(relayed.slice(0, 3))}`);
        }),
        { numRuns: Math.ceil(FUZZ_RUNS / BATCH), seed: FUZZ_SEED, endOnFailure: true },
      );
      expect(sent).toBeGreaterThanOrEqual(FUZZ_RUNS);
      console.log(`${name}: ${sent} broken socket events, each answered INVALID_PAYLOAD (FUZZ_SEED=${FUZZ_SEED})`);
      expect(topology().alive()).toBe(true);

      // The fuzzing pair is still a pair: nothing was half-changed.
      fuzzers[0].clear();
      fuzzers[0].emit('webrtc:offer', { offer: sdp('offer', 'after-fuzz'), type: 'audio' });
      fuzzers[1].emit('chat:message', { text: 'still paired' });
      expect((await fuzzers[1].waitFor('webrtc:offer')).offer).toEqual(sdp('offer', 'after-fuzz'));
      expect((await fuzzers[0].waitFor('chat:message')).text).toBe('still paired');
      await chatting.stop();
    }, 3_600_000);

    it(`answers ${REST_RUNS} broken REST requests with 400 (413 past the body limit, 401 without a valid token) and a message`, async () => {
      const { apiUrl } = topology();
      await assertProperty(
        fc.asyncProperty(badRestRequest, async (request: BadRestRequest) => {
          const response = await fetch(`${apiUrl}${request.path}`, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(15_000) });
          const text = await response.text();
          if (response.status !== request.expectStatus) {
            throw new Error(`${request.method} ${request.path} ${describeValue(request.body)} → ${response.status} ${text.slice(0, 200)} (expected ${request.expectStatus})`);
          }
          const body = JSON.parse(text) as { message?: unknown };
          const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
          if (typeof message !== 'string' || message.trim() === '') throw new Error(`no message in ${text.slice(0, 200)}`);
        }),
        { numRuns: REST_RUNS, seed: FUZZ_SEED, endOnFailure: true },
      );
      expect(topology().alive()).toBe(true);
    }, 3_600_000);

    it('closes only the connection that sends a frame over the size limit', async () => {
      const [a] = control;
      const big = await GuestClient.create(topology().apiUrl, topology().gatewayUrls[0], { username: 'Oversize' });
      const closed = new Promise<string>((resolve) => big.socket.once('disconnect', resolve));
      big.emit('chat:message', { text: 'x'.repeat(topology().maxFrameBytes + 10) });
      expect(await closed).toMatch(/transport (close|error)/);
      big.close();
      a.clear();
      control[1].emit('chat:message', { text: 'after the big one' });
      expect((await a.waitFor('chat:message')).text).toBe('after the big one');
      expect(topology().alive()).toBe(true);
    }, 30_000);

    it('shows no trace of the prototype keys planted by the fuzzing: new guests, matches and messages look as before', async () => {
      const session = await createSession(topology().apiUrl, {});
      expect(Object.keys(session.guest).sort()).toEqual(reference.guestKeys);
      const [a, b] = await pairUp(topology(), ['AfterA', 'AfterB']);
      try {
        expect(Object.keys(await a.waitFor('match:found')).sort()).toEqual(reference.foundKeys);
        a.emit('chat:message', { text: 'plain' });
        expect(Object.keys(await b.waitFor('chat:message')).sort()).toEqual(reference.chatKeys);
        // A planted key at the top level is still refused, so validation did not change.
        const planted = JSON.parse(`{"text":"x","__proto__":{"${MARKER}":1}}`) as unknown;
        a.emit('chat:message', planted);
        expect(await a.waitFor('webrtc:error')).toMatchObject({ code: 'INVALID_PAYLOAD', event: 'chat:message' });
        // (errors to a sender may name the key it sent; nothing else may carry it)
        for (const guest of [a, b, ...control, ...fuzzers]) expect(JSON.stringify(guest.received.filter((r) => r.event !== 'webrtc:error'))).not.toContain(MARKER);
        expect(JSON.stringify(session)).not.toContain(MARKER);
      } finally {
        a.close();
        b.close();
      }
      await extraChecks.afterFuzz?.();
    }, 30_000);
  });
}
