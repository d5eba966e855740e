import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export type PayloadCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** Fields a client may send but the server always sets itself. */
const SERVER_OWNED_FIELDS = new Set(['from', 'fromUsername']);

/**
 * Validates an untrusted socket payload against a DTO class: unknown fields are refused,
 * `from`/`fromUsername` are dropped (the server sets them), `undefined` counts as `{}`.
 */
export function validatePayload<T extends object>(dto: ClassConstructor<T>, input: unknown): PayloadCheck<T> {
  const raw = input === undefined ? {} : input;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, message: 'payload must be an object' };
  }
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (!SERVER_OWNED_FIELDS.has(key)) plain[key] = (raw as Record<string, unknown>)[key];
  }
  const value = plainToInstance(dto, plain);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) return { ok: false, message: describeErrors(errors) };
  return { ok: true, value };
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
