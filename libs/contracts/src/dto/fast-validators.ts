import type { ClassConstructor } from 'class-transformer';
import { callIdPattern, WireLimits } from '../limits.js';
import { ChatMessageDto, ChatTypingDto } from './chat.dto.js';
import { interestPattern, JoinDto } from './session.dto.js';
import { isPlausibleSdp } from './sdp.validator.js';
import { AnswerDto, EmptyDto, IceCandidateDto, OfferDto } from './signaling.dto.js';

/**
 * Hand-written checks of the relayed DTOs (and match:join), for the per-message hot path. Each one ACCEPTS only what the
 * class-validator DTO accepts (fast-validators.spec.ts compares both on a corpus) and returns null for
 * everything else — then validatePayload runs class-validator, which decides and words the error.
 * So a fast check may be stricter than its DTO, never looser. The value it returns has the keys, in the
 * order, of the DTO instance class-transformer would build, so the partner receives the same thing.
 */
export type FastValidator = (plain: Record<string, unknown>) => object | null;

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Every own key is one of `allowed` (forbidNonWhitelisted). */
function onlyKeys(object: Plain, allowed: readonly string[]): boolean {
  for (const key in object) if (!allowed.includes(key)) return false;
  return true;
}

const absent = (value: unknown) => value === undefined || value === null;

/** `@IsString() @Length(0, max)`: class-validator's length never exceeds the UTF-16 length, so this is safe. */
const shortString = (value: unknown, max: number) => typeof value === 'string' && value.length <= max;

/** Characters that make validator.js's isLength count differently from `.length`; left to class-validator. */
const LENGTH_ADJUSTING = /[\uFE0E\uFE0F\uD800-\uDFFF]/;
const NOT_BLANK = /\S/;

const CANDIDATE_KEYS = ['candidate', 'sdpMid', 'sdpMLineIndex', 'usernameFragment'] as const;

function iceCandidate(plain: Plain): object | null {
  const init = plain['candidate'];
  if (!onlyKeys(plain, ['candidate']) || !isPlainObject(init) || !onlyKeys(init, CANDIDATE_KEYS)) return null;
  const { candidate, sdpMid, sdpMLineIndex, usernameFragment } = init;
  if (typeof candidate !== 'string' || Buffer.byteLength(candidate, 'utf8') > WireLimits.candidateMaxBytes) return null;
  if (!absent(sdpMid) && !shortString(sdpMid, 64)) return null;
  if (!absent(usernameFragment) && !shortString(usernameFragment, 256)) return null;
  if (!absent(sdpMLineIndex) && !(typeof sdpMLineIndex === 'number' && Number.isInteger(sdpMLineIndex) && sdpMLineIndex >= 0 && sdpMLineIndex <= 64)) return null;
  return { candidate: { candidate, sdpMid, sdpMLineIndex, usernameFragment } };
}

function description(value: unknown, type: 'offer' | 'answer'): { type: string; sdp: string } | null {
  if (!isPlainObject(value) || !onlyKeys(value, ['type', 'sdp'])) return null;
  if (value['type'] !== type || !isPlausibleSdp(value['sdp'])) return null;
  return { type, sdp: value['sdp'] as string };
}

/** The optional call id: `{}` when absent, `{callId}` when well-formed, null otherwise (left to class-validator). */
function callIdOf(plain: Plain): { callId?: string } | null {
  const callId = plain['callId'];
  if (callId === undefined) return {};
  return typeof callId === 'string' && callIdPattern.test(callId) ? { callId } : null;
}

function offer(plain: Plain): object | null {
  if (!onlyKeys(plain, ['offer', 'type', 'callId']) || (plain['type'] !== 'audio' && plain['type'] !== 'video')) return null;
  const offerDescription = description(plain['offer'], 'offer');
  const callId = callIdOf(plain);
  return offerDescription && callId && { offer: offerDescription, type: plain['type'], ...callId };
}

function answer(plain: Plain): object | null {
  if (!onlyKeys(plain, ['answer', 'callId'])) return null;
  const answerDescription = description(plain['answer'], 'answer');
  const callId = callIdOf(plain);
  return answerDescription && callId && { answer: answerDescription, ...callId };
}

function empty(plain: Plain): object | null {
  return onlyKeys(plain, []) ? {} : null;
}

function chatMessage(plain: Plain): object | null {
  const text = plain['text'];
  if (!onlyKeys(plain, ['text']) || typeof text !== 'string') return null;
  if (text.length < 1 || text.length > WireLimits.chatTextMaxChars || LENGTH_ADJUSTING.test(text) || !NOT_BLANK.test(text)) return null;
  return { text };
}

function chatTyping(plain: Plain): object | null {
  return onlyKeys(plain, ['typing']) && typeof plain['typing'] === 'boolean' ? { typing: plain['typing'] } : null;
}

/** match:join, on every search: `{}`, a short list of plain tags (InterestsDto) and/or a mode. */
function join(plain: Plain): object | null {
  if (!onlyKeys(plain, ['interests', 'mode'])) return null;
  const { interests, mode } = plain;
  if ('mode' in plain && mode !== 'video' && mode !== 'text') return null;
  const modeOf = 'mode' in plain ? { mode } : {};
  if (!('interests' in plain)) return modeOf;
  if (!Array.isArray(interests) || interests.length > WireLimits.interestsMax) return null;
  for (const tag of interests) {
    if (typeof tag !== 'string' || tag.length < 1 || tag.length > WireLimits.interestMaxChars || LENGTH_ADJUSTING.test(tag) || !interestPattern.test(tag)) return null;
  }
  return { interests: [...interests], ...modeOf };
}

export const FAST_VALIDATORS: ReadonlyMap<ClassConstructor<object>, FastValidator> = new Map<ClassConstructor<object>, FastValidator>([
  [IceCandidateDto, iceCandidate],
  [OfferDto, offer],
  [AnswerDto, answer],
  [EmptyDto, empty],
  [ChatMessageDto, chatMessage],
  [ChatTypingDto, chatTyping],
  [JoinDto, join],
]);
