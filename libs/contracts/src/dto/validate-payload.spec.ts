import { describe, expect, it } from '@jest/globals';
import { ChatMessageDto, EmptyDto, OfferDto } from './index.js';
import { payloadShapeProblem, validatePayload } from './validate-payload.js';

describe('validatePayload', () => {
  it('accepts a valid payload and drops the server-owned from/fromUsername', () => {
    expect(validatePayload(ChatMessageDto, { text: 'hi', from: 'forged', fromUsername: 'Mallory' })).toEqual({ ok: true, value: expect.objectContaining({ text: 'hi' }) });
    const check = validatePayload(ChatMessageDto, { text: 'hi', from: 'forged' });
    expect(check.ok && Object.keys(check.value)).toEqual(['text']);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', '__defineGetter__'])(
    'refuses a "%s" key at any depth (the whitelist would take Object.prototype names for declared fields)',
    (key) => {
      const top = JSON.parse(`{"text":"hi","${key}":1}`) as unknown;
      const nested = JSON.parse(`{"offer":{"type":"offer","sdp":"v=0\\r\\nm=audio 9 RTP 0","${key}":1},"type":"audio"}`) as unknown;
      expect(validatePayload(ChatMessageDto, top)).toEqual({ ok: false, message: `payload must not contain a "${key}" key` });
      expect(validatePayload(OfferDto, nested)).toEqual({ ok: false, message: `payload must not contain a "${key}" key` });
    },
  );

  it('refuses binary data, even an empty buffer where an empty payload would do', () => {
    expect(validatePayload(EmptyDto, Buffer.alloc(0))).toEqual({ ok: false, message: 'payload must be an object' });
    expect(validatePayload(EmptyDto, new Uint8Array(2))).toEqual({ ok: false, message: 'payload must be an object' });
    expect(validatePayload(ChatMessageDto, { text: Buffer.from('hi') })).toEqual({ ok: false, message: 'payload must not contain binary data' });
    expect(validatePayload(EmptyDto, undefined)).toEqual({ ok: true, value: {} });
  });

  it('refuses nesting deeper than any wire payload without walking all of it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(payloadShapeProblem({ x: deep })).toBe('payload must not nest deeper than 6 levels');
    expect(payloadShapeProblem({ a: { b: [1] } })).toBeNull();
  });
});
