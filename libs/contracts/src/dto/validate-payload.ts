import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { FAST_VALIDATORS } from './fast-validators.js';

export type PayloadCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** Fields a client may send but the server always sets itself. */
const SERVER_OWNED_FIELDS = new Set(['from', 'fromUsername']);
/**
 * Keys that could reach an object's prototype if anything downstream merged the payload — and every
 * name Object.prototype has, which class-validator's whitelist mistakes for declared properties
 * (`{"text":"hi","hasOwnProperty":1}` would pass forbidNonWhitelisted and be relayed as it is).
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype', ...Object.getOwnPropertyNames(Object.prototype)]);
/** No wire payload nests deeper than this. */
const MAX_DEPTH = 6;

/**
 * Validates an untrusted socket payload against a DTO class: unknown fields are refused,
 * `from`/`fromUsername` are dropped (the server sets them), `undefined` counts as `{}`.
 * The relayed DTOs have a hand-written fast check (fast-validators.ts) that accepts the common valid
 * payload without class-transformer/class-validator; anything it does not accept goes through them.
 */
export function validatePayload<T extends object>(dto: ClassConstructor<T>, input: unknown): PayloadCheck<T> {
  const prepared = prepare(input);
  if (!prepared.ok) return prepared;
  const fast = FAST_VALIDATORS.get(dto)?.(prepared.value);
  if (fast) return { ok: true, value: fast as T };
  return classValidate(dto, prepared.value);
}

/** The same decision by class-validator alone: the reference the fast checks are tested against. */
export function validatePayloadWithClassValidator<T extends object>(dto: ClassConstructor<T>, input: unknown): PayloadCheck<T> {
  const prepared = prepare(input);
  return prepared.ok ? classValidate(dto, prepared.value) : prepared;
}

/** Shape rules every payload obeys, then the server-owned fields dropped. */
function prepare(input: unknown): PayloadCheck<Record<string, unknown>> {
  const raw = input === undefined ? {} : input;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || isBinary(raw)) {
    return { ok: false, message: 'payload must be an object' };
  }
  const shapeProblem = payloadShapeProblem(raw);
  if (shapeProblem) return { ok: false, message: shapeProblem };
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (!SERVER_OWNED_FIELDS.has(key)) plain[key] = (raw as Record<string, unknown>)[key];
  }
  return { ok: true, value: plain };
}

function classValidate<T extends object>(dto: ClassConstructor<T>, plain: Record<string, unknown>): PayloadCheck<T> {
  const value = plainToInstance(dto, plain);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  if (errors.length > 0) return { ok: false, message: describeErrors(errors) };
  return { ok: true, value };
}

/**
 * What makes a payload unfit before its fields are even looked at: nesting deeper than any wire payload,
 * binary data (no payload carries any), prototype keys. Null when there is none. Also applied to REST bodies.
 */
export function payloadShapeProblem(value: unknown): string | null {
  return findShapeProblem(value, 0);
}

function isBinary(value: object): boolean {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

function findShapeProblem(value: unknown, depth: number): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return `payload must not nest deeper than ${MAX_DEPTH} levels`;
  if (isBinary(value)) return 'payload must not contain binary data';
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `payload must not contain a "${key}" key`;
    const problem = findShapeProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem) return problem;
  }
  return null;
}

export function describeErrors(errors: ValidationError[], parent = ''): string {
  const messages: string[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      messages.push(message.startsWith(error.property) && parent ? `${parent}.${message}` : message);
    }
    if (error.children?.length) messages.push(describeErrors(error.children, path));
  }
  return messages.join('; ');
}
