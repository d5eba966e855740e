import { ClientEvents, ReportReasons, WireLimits, type ClientEventName } from '@rendezvous/contracts';
import fc, { type Arbitrary } from 'fast-check';
import { candidate, sdp } from '../../support/guest-client.js';

/**
 * Payloads that are wrong by construction: a valid payload of the event with exactly one thing broken
 * (not an object at all, an unknown or prototype key, a field of the wrong type or out of its limits, a
 * required field missing, nesting far too deep), so every one must be refused with INVALID_PAYLOAD / 400.
 */

/** Planted by prototype-pollution payloads; must never show up anywhere afterwards. */
export const MARKER = 'rdvPolluted';

/** How a field may be valid; the generator produces values that are not. */
type FieldKind =
  | { kind: 'string'; min: number; maxBytes: number; bad?: string[] }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'strings'; maxItems: number; itemMax: number }
  | { kind: 'object'; schema: Schema };

interface Field {
  type: FieldKind;
  required: boolean;
  /** `null` counts as absent (optional fields) or as a value (nullable ones): never a wrong value then. */
  nullOk: boolean;
}

interface Schema {
  valid: Record<string, unknown>;
  fields: Record<string, Field>;
}

const required = (type: FieldKind): Field => ({ type, required: true, nullOk: false });
const optional = (type: FieldKind): Field => ({ type, required: false, nullOk: true });

/** `callId` of an offer or answer (callIdPattern): anything but 1–64 letters, digits, `-` and `_` is refused. */
const CALL_ID = optional({ kind: 'string', min: 1, maxBytes: WireLimits.callIdMaxChars, bad: ['', 'has space', 'é', '<script>', 'a/b', 'x\u0000', '😀'] });
const INTERESTS = optional({ kind: 'strings', maxItems: WireLimits.interestsMax, itemMax: WireLimits.interestMaxChars });
const EMPTY: Schema = { valid: {}, fields: {} };
const description = (type: 'offer' | 'answer'): Schema => ({
  valid: sdp(type),
  fields: {
    type: required({ kind: 'enum', values: [type] }),
    sdp: required({ kind: 'string', min: 0, maxBytes: WireLimits.sdpMaxBytes, bad: ['', 'v=1\r\nm=audio 9 RTP 0', 'v=0\r\no=- 1 1 IN IP4 0.0.0.0', 'm=audio 9 RTP 0\r\nv=0'] }),
  },
});
const iceCandidate: Schema = {
  valid: candidate(1),
  fields: {
    candidate: required({ kind: 'string', min: 0, maxBytes: WireLimits.candidateMaxBytes }),
    sdpMid: optional({ kind: 'string', min: 0, maxBytes: 64 }),
    sdpMLineIndex: optional({ kind: 'int', min: 0, max: 64 }),
    usernameFragment: optional({ kind: 'string', min: 0, maxBytes: 256 }),
  },
};

/** Every client → server event and the shape its payload must have. */
export const EVENT_SCHEMAS: Record<ClientEventName, Schema> = {
  [ClientEvents.MatchJoin]: { valid: { interests: ['music'] }, fields: { interests: INTERESTS } },
  [ClientEvents.MatchLeave]: EMPTY,
  [ClientEvents.MatchNext]: EMPTY,
  [ClientEvents.CallEnd]: EMPTY,
  [ClientEvents.CallReject]: EMPTY,
  [ClientEvents.ChatMessage]: {
    valid: { text: 'hello' },
    fields: { text: required({ kind: 'string', min: 1, maxBytes: Infinity, bad: ['', ' ', '\n\t ', '\u00a0'] }) },
  },
  [ClientEvents.ChatTyping]: { valid: { typing: true }, fields: { typing: required({ kind: 'boolean' }) } },
  [ClientEvents.Offer]: {
    valid: { offer: sdp('offer'), type: 'video', callId: 'c0ffee-42' },
    fields: { offer: required({ kind: 'object', schema: description('offer') }), type: required({ kind: 'enum', values: ['audio', 'video'] }), callId: CALL_ID },
  },
  [ClientEvents.Answer]: { valid: { answer: sdp('answer'), callId: 'c0ffee-42' }, fields: { answer: required({ kind: 'object', schema: description('answer') }), callId: CALL_ID } },
  [ClientEvents.IceCandidate]: { valid: { candidate: candidate(1) }, fields: { candidate: required({ kind: 'object', schema: iceCandidate }) } },
  [ClientEvents.MatchReport]: { valid: { reason: 'spam' }, fields: { reason: required({ kind: 'enum', values: [...ReportReasons] }) } },
  [ClientEvents.MatchBlock]: EMPTY,
  [ClientEvents.TokenRefresh]: { valid: { token: 'x'.repeat(40) }, fields: { token: required({ kind: 'string', min: 10, maxBytes: 4096 }) } },
};

/** POST /api/sessions. */
export const CREATE_SESSION_SCHEMA: Schema = {
  valid: { username: 'Alice', deviceId: 'device-1', interests: ['music'] },
  fields: {
    username: optional({ kind: 'string', min: 1, maxBytes: WireLimits.usernameMaxChars, bad: [' Alice', 'a<b', '\u0000x', '-x'] }),
    deviceId: optional({ kind: 'string', min: 1, maxBytes: WireLimits.deviceIdMaxChars, bad: ['dev ice', 'dev/ice', 'é', '💥'] }),
    interests: INTERESTS,
  },
};

// ---- building blocks -------------------------------------------------------------------------

const texts = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('\ud800', '\udfff x', '\u0000', '\u202e', '𝕏𝕐', 'v=0', '{"a":1}', '__proto__'),
);
const numbers = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, Number.MAX_SAFE_INTEGER, 1e308));
/** Sent as a binary attachment; the server sees a Buffer. */
const binary = fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes));
const leaves = fc.oneof(texts, numbers, fc.boolean(), fc.constant(null), binary);
const smallValues = fc.oneof(
  { weight: 3, arbitrary: leaves },
  { weight: 1, arbitrary: fc.array(leaves, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(texts, leaves, { maxKeys: 4 }) },
);

/** Frames stay under this many bytes of JSON, well inside SOCKET_MAX_PAYLOAD_BYTES (64 KiB). */
export const MAX_JSON_BYTES = 50_000;

/**
 * Longer than any string field may be (4,096 characters is the longest limit), still well inside a
 * Socket.IO frame: at most 8,000 characters of at most 6 bytes of JSON each.
 */
const hugeString = fc.tuple(fc.integer({ min: 4_097, max: 8_000 }), fc.constantFrom('a', 'é', '€', '😀', ' ', '\u0000')).map(([n, ch]) => ch.repeat(n));

/**
 * Objects or arrays nested far deeper than any payload may be, sometimes with binary at the bottom
 * (past ~2,000 levels socket.io-client itself overflows the stack while looking for binary).
 */
const deeplyNested = fc.tuple(fc.integer({ min: 7, max: 1_000 }), fc.boolean(), leaves).map(([depth, arrays, leaf]) => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
});

function containsBinary(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (Buffer.isBuffer(next)) return true;
    if (next !== null && typeof next === 'object') stack.push(...Object.values(next));
  }
  return false;
}

/** Sets a property as an own, enumerable one — `__proto__` included, the way JSON.parse would. */
function withOwn(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** What `__proto__` / `constructor` keys carry: the things a polluted prototype would change. */
const pollution = fc.constantFrom<unknown>(
  { [MARKER]: 'yes', isAdmin: true, isSearching: true },
  { prototype: { [MARKER]: 'yes', toString: 'x' } },
  { polluted: { [MARKER]: 'yes' } },
  [MARKER],
);
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', MARKER];

// ---- wrong values per field kind --------------------------------------------------------------

function wrongValue(field: Field): Arbitrary<unknown> {
  const notNull = (arb: Arbitrary<unknown>) => (field.nullOk ? arb.filter((v) => v !== null) : arb);
  const type = field.type;
  const others = notNull(fc.oneof(deeplyNested, hugeString));
  switch (type.kind) {
    case 'string': {
      // More characters than the limit allows (each at least a byte, so over a byte limit too), still under 64 KiB.
      const limit = Number.isFinite(type.maxBytes) ? type.maxBytes : WireLimits.chatTextMaxChars;
      const tooLong = fc
        .tuple(fc.integer({ min: 1, max: 600 }), fc.constantFrom('a', 'é', '€', '😀'))
        .filter(([extra, ch]) => Buffer.byteLength(ch) * (limit + extra) < MAX_JSON_BYTES - 1_000)
        .map(([extra, ch]) => ch.repeat(limit + extra));
      const cases = [notNull(fc.oneof(numbers, fc.boolean(), fc.constant(null), binary, fc.array(texts, { maxLength: 3 }), fc.dictionary(texts, texts, { maxKeys: 3 }))), tooLong, others];
      if (type.bad?.length) cases.push(fc.constantFrom(...type.bad));
      if (type.min > 1) cases.push(fc.string({ maxLength: type.min - 1 }));
      return fc.oneof(...cases);
    }
    case 'boolean':
      return fc.oneof(notNull(fc.oneof(texts, numbers, fc.constant(null), binary, fc.array(fc.boolean(), { maxLength: 2 }), fc.constantFrom('true', 'false', 0, 1))), others);
    case 'enum':
      return fc.oneof(notNull(fc.oneof(texts.filter((t) => !type.values.includes(t)), numbers, fc.boolean(), fc.constant(null), binary, fc.constant(type.values))), fc.constantFrom(...type.values.map((v) => v.toUpperCase() + ' ')), others);
    case 'int':
      return fc.oneof(
        fc.double({ min: type.min + 0.001, max: type.max - 0.001, noNaN: true }).filter((v) => !Number.isInteger(v)),
        fc.integer({ min: type.max + 1 }),
        fc.integer({ max: type.min - 1 }),
        notNull(fc.oneof(texts, fc.boolean(), binary, fc.constant([1]), fc.constant({ n: 1 }))),
        others,
      );
    case 'strings':
      return fc.oneof(
        notNull(fc.oneof(texts, numbers, fc.boolean(), binary, fc.dictionary(texts, texts, { maxKeys: 2 }))),
        fc.array(fc.constantFrom('a', 'b'), { minLength: type.maxItems + 1, maxLength: type.maxItems + 20 }),
        fc.tuple(fc.array(fc.constant('ok'), { maxLength: 3 }), fc.oneof(numbers, fc.boolean(), fc.constant(null), binary, fc.constantFrom('', ' lead', 'a<b', 'x'.repeat(type.itemMax + 1), '\u0000'))).map(([good, bad]) => [...good, bad]),
        others,
      );
    case 'object':
      return fc.oneof(notNull(fc.oneof(texts, numbers, fc.boolean(), fc.constant(null), fc.array(smallValues, { maxLength: 3 }))), badPayloadFor(type.schema), others);
  }
}

/** One broken payload of `schema` (a whole payload, or a nested object of one). */
export function badPayloadFor(schema: Schema): Arbitrary<unknown> {
  const allowed = new Set([...Object.keys(schema.fields), 'from', 'fromUsername']);
  const base = () => ({ ...schema.valid });
  const unknownKey = fc
    .tuple(fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), texts), fc.oneof(pollution, smallValues, deeplyNested))
    // socket.io-client rebuilds a payload holding binary key by key, so `__proto__` would become a prototype and vanish before sending
    .filter(([key, value]) => !allowed.has(key) && !(key === '__proto__' && containsBinary(value)))
    .map(([key, value]) => withOwn(base(), key, value));
  const cases: Arbitrary<unknown>[] = [unknownKey];
  const names = Object.keys(schema.fields);
  if (names.length > 0) {
    cases.push(fc.constantFrom(...names).chain((name) => wrongValue(schema.fields[name]).map((value) => withOwn(base(), name, value))));
  }
  const requiredNames = names.filter((name) => schema.fields[name].required);
  if (requiredNames.length > 0) {
    cases.push(
      fc.constantFrom(...requiredNames).map((name) => {
        const payload = base();
        delete payload[name];
        return payload;
      }),
    );
  }
  // Not an object at all (only a missing payload counts as an empty one).
  cases.push(fc.oneof(texts, numbers, fc.boolean(), fc.constant(null), fc.array(smallValues, { maxLength: 4 }), binary, deeplyNested.filter(Array.isArray)));
  // The server ignores (and overwrites) from/fromUsername: sometimes the payload carries them too.
  return fc.tuple(fc.oneof(...cases), fc.boolean()).map(([payload, forge]) =>
    forge && payload !== null && typeof payload === 'object' && !Array.isArray(payload) && !Buffer.isBuffer(payload)
      ? withOwn(withOwn(payload as Record<string, unknown>, 'from', 'forged'), 'fromUsername', 'Mallory')
      : payload,
  );
}

export interface BadEvent {
  event: ClientEventName;
  payload: unknown;
}

/** Any client event with a broken payload. */
export const badEvent: Arbitrary<BadEvent> = fc.oneof(
  ...(Object.keys(EVENT_SCHEMAS) as ClientEventName[]).map((event) => badPayloadFor(EVENT_SCHEMAS[event]).map((payload) => ({ event, payload }))),
);
