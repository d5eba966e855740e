import { describe, expect, it } from '@jest/globals';
import type { ClassConstructor } from 'class-transformer';
import { WireLimits } from '../limits.js';
import { AnswerDto, ChatMessageDto, ChatTypingDto, EmptyDto, IceCandidateDto, JoinDto, OfferDto, validatePayload, validatePayloadWithClassValidator } from './index.js';
import { FAST_VALIDATORS } from './fast-validators.js';

const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n';
const CANDIDATE = 'candidate:842163049 1 udp 1677729535 127.0.0.1 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0';

const CALL_ID = '3f0c2a9e-6d1b-4c57-9a0e-2b7f1d8c4e65';
/** Call ids at and past the limits of callIdPattern. */
const CALL_IDS: unknown[] = ['a', 'a'.repeat(64), 'a'.repeat(65), 'A-z_0-9', 'has space', 'tab\t', 'é', '😀', '../x', null, undefined, 7];

/** Values of every kind a hostile or buggy client could put in a field. */
const ODD_VALUES: unknown[] = [
  undefined, null, 0, -1, 1.5, 64, 65, NaN, Infinity, true, false, '', ' ', '\t\n', 'x', '\uFE0F', '😀', 'é',
  'a'.repeat(64), 'a'.repeat(65), 'a'.repeat(256), 'a'.repeat(257), [], ['x'], {}, { x: 1 }, { type: 'offer', sdp: SDP },
  { type: 'answer', sdp: SDP }, { candidate: CANDIDATE }, 'offer', 'answer', 'audio', 'video', SDP, `x${SDP}`, 'v=0 no media',
];

/** Each field of `base` (and one level down) set to each odd value, removed, plus extra and server-owned keys. */
function mutations(base: Record<string, unknown>): unknown[] {
  const out: unknown[] = [base, undefined, null, 'text', 42, [], [base], { ...base, extra: 1 }, { ...base, from: 'x', fromUsername: 'y' }];
  for (const key of Object.keys(base)) {
    const { [key]: _removed, ...without } = base;
    out.push(without);
    for (const value of ODD_VALUES) out.push({ ...base, [key]: value });
    const nested = base[key];
    if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
      out.push({ ...base, [key]: { ...nested, extra: 1 } }, { ...base, [key]: { ...nested, from: 'x' } });
      for (const inner of Object.keys(nested)) {
        const { [inner]: _gone, ...innerWithout } = nested as Record<string, unknown>;
        out.push({ ...base, [key]: innerWithout });
        for (const value of ODD_VALUES) out.push({ ...base, [key]: { ...nested, [inner]: value } });
      }
    }
  }
  return out;
}

const bytes = (n: number, unit = 'a') => unit.repeat(Math.floor(n / Buffer.byteLength(unit, 'utf8')));

const CORPUS: Array<[string, ClassConstructor<object>, unknown[]]> = [
  [
    'webrtc:ice-candidate',
    IceCandidateDto,
    [
      ...mutations({ candidate: { candidate: CANDIDATE, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'EsAw' } }),
      { candidate: { candidate: '' } },
      { candidate: { candidate: CANDIDATE, sdpMid: null, sdpMLineIndex: null, usernameFragment: null } },
      { candidate: { candidate: bytes(WireLimits.candidateMaxBytes) } },
      { candidate: { candidate: bytes(WireLimits.candidateMaxBytes + 1) } },
      { candidate: { candidate: bytes(WireLimits.candidateMaxBytes, 'é') } },
      { candidate: { candidate: `${bytes(WireLimits.candidateMaxBytes - 1)}é` } },
      { candidate: { candidate: CANDIDATE, sdpMid: '😀'.repeat(32) } },
      { candidate: { candidate: CANDIDATE, sdpMid: '😀'.repeat(33) } },
      { candidate: { candidate: CANDIDATE, sdpMLineIndex: -0 } },
      { candidate: Object.assign(Object.create(null), { candidate: CANDIDATE }) },
    ],
  ],
  [
    'webrtc:offer',
    OfferDto,
    [
      ...mutations({ offer: { type: 'offer', sdp: SDP }, type: 'video' }),
      { offer: { type: 'offer', sdp: SDP }, type: 'audio' },
      { offer: { type: 'offer', sdp: `${SDP}${'a'.repeat(WireLimits.sdpMaxBytes)}` }, type: 'video' },
      { offer: { type: 'offer', sdp: 'v=0\nm=video 9' }, type: 'video' },
      ...mutations({ offer: { type: 'offer', sdp: SDP }, type: 'audio', callId: CALL_ID }),
      ...CALL_IDS.map((callId) => ({ offer: { type: 'offer', sdp: SDP }, type: 'video', callId })),
    ],
  ],
  [
    'webrtc:answer',
    AnswerDto,
    [
      ...mutations({ answer: { type: 'answer', sdp: SDP } }),
      { answer: { type: 'offer', sdp: SDP } },
      ...mutations({ answer: { type: 'answer', sdp: SDP }, callId: CALL_ID }),
      ...CALL_IDS.map((callId) => ({ answer: { type: 'answer', sdp: SDP }, callId })),
    ],
  ],
  ['webrtc:call-end (empty)', EmptyDto, [...mutations({}), {}, { x: undefined }, { from: 'x' }, { a: 1 }]],
  [
    'chat:message',
    ChatMessageDto,
    [
      ...mutations({ text: 'hello' }),
      { text: 'a'.repeat(WireLimits.chatTextMaxChars) },
      { text: 'a'.repeat(WireLimits.chatTextMaxChars + 1) },
      { text: '😀'.repeat(WireLimits.chatTextMaxChars / 2 + 1) },
      { text: `${'a'.repeat(WireLimits.chatTextMaxChars)}\uFE0F` },
      { text: '\uFE0F\uFE0F' },
      { text: '   ' },
      { text: ' hi ' },
    ],
  ],
  ['chat:typing', ChatTypingDto, [...mutations({ typing: true }), { typing: false }]],
  [
    'match:join',
    JoinDto,
    [
      ...mutations({ interests: ['music', 'c++', 'Été 2026'] }),
      ...mutations({ interests: ['music'], mode: 'video' }),
      ...mutations({ mode: 'text' }),
      { mode: 'text', interests: ['music'] },
      { interests: Array.from({ length: WireLimits.interestsMax }, (_, i) => `tag${i}`), mode: 'video' },
      { mode: 'Video' },
      { mode: ['video'] },
      {},
      { interests: [] },
      ...ODD_VALUES.map((value) => ({ interests: [value] })),
      ...ODD_VALUES.map((value) => ({ interests: ['music', value] })),
      { interests: Array.from({ length: WireLimits.interestsMax }, (_, i) => `tag${i}`) },
      { interests: Array.from({ length: WireLimits.interestsMax + 1 }, (_, i) => `tag${i}`) },
      { interests: ['a'.repeat(WireLimits.interestMaxChars)] },
      { interests: ['a'.repeat(WireLimits.interestMaxChars + 1)] },
      { interests: ['😀'.repeat(WireLimits.interestMaxChars)] },
      { interests: ['x😀'] },
      { interests: [' music'] },
      { interests: ['-music'] },
      { interests: ['mu/sic'] },
      { interests: ['music', 'music'] },
    ],
  ],
];

describe('fast payload checks of the relayed events', () => {
  for (const [event, dto, payloads] of CORPUS) {
    it(`${event}: accepts and refuses exactly what class-validator does, with the same value and message (${payloads.length} payloads)`, () => {
      for (const payload of payloads) {
        const fast = validatePayload(dto, payload);
        const reference = validatePayloadWithClassValidator(dto, payload);
        const label = JSON.stringify(payload)?.slice(0, 120);
        expect({ label, ok: fast.ok }).toEqual({ label, ok: reference.ok });
        if (fast.ok && reference.ok) expect(JSON.stringify(fast.value)).toBe(JSON.stringify(reference.value));
        if (!fast.ok && !reference.ok) expect(fast.message).toBe(reference.message);
      }
    });

    it(`${event}: the common valid payload takes the fast path`, () => {
      const check = FAST_VALIDATORS.get(dto);
      expect(check).toBeDefined();
      const valid = payloads.find((p) => validatePayloadWithClassValidator(dto, p).ok) as Record<string, unknown>;
      expect(check!(valid)).not.toBeNull();
    });
  }

  it('keeps the keys of the DTO instance, so the partner receives the same object', () => {
    const check = validatePayload(IceCandidateDto, { candidate: { candidate: CANDIDATE, sdpMid: '0' }, from: 'spoofed' });
    expect(check.ok && Object.keys((check.value as { candidate: object }).candidate)).toEqual(['candidate', 'sdpMid', 'sdpMLineIndex', 'usernameFragment']);
    expect(check.ok && 'from' in check.value).toBe(false);
  });

  it('passes an offer\'s and an answer\'s call id through, and an old client\'s description without one', () => {
    const cases: Array<[ClassConstructor<object>, Record<string, unknown>]> = [
      [OfferDto, { offer: { type: 'offer', sdp: SDP }, type: 'video', callId: CALL_ID }],
      [AnswerDto, { answer: { type: 'answer', sdp: SDP }, callId: CALL_ID }],
    ];
    for (const [dto, payload] of cases) {
      const check = validatePayload(dto, payload);
      expect(check.ok && check.value).toEqual(payload);
      const { callId: _none, ...legacy } = payload;
      const old = validatePayload(dto, legacy);
      expect(old.ok && 'callId' in old.value).toBe(false);
      expect(old.ok).toBe(true);
    }
  });
});
