import { DomainError, ErrorCodes, type ErrorCode } from '@rendezvous/contracts';
import { firstValueFrom, timeout } from 'rxjs';
import type { StreamsBusClient } from './streams-bus.client.js';

/**
 * One request over the bus, waited for at most `timeoutMs`. The service drops it unexecuted once the
 * caller would no longer be waiting (its deadline is a little earlier, so a request that runs is
 * answered in time). `{code, message}` errors from the other side come back as DomainErrors, anything
 * else (no answer, Redis away) as SERVICE_UNAVAILABLE — a clear error, never a hang.
 */
export async function busRequest<T>(client: StreamsBusClient, pattern: string, data: unknown, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs - answerMargin(timeoutMs);
  try {
    return await firstValueFrom(client.request<T>(pattern, data, deadline).pipe(timeout(timeoutMs)), { defaultValue: undefined as T });
  } catch (error) {
    throw toDomainError(error, pattern);
  }
}

/**
 * A request that must never be lost (a guest leaving, a socket gone): it has no deadline and is
 * applied whenever a replica gets to it, in a restart or after an outage of the service. The caller
 * waits up to `waitMs` for it: 'done', or 'queued' when the service did not answer in time (it will).
 * Errors the service answered, and a request that could not be queued at all (Redis away), throw.
 */
export async function busDeliver(client: StreamsBusClient, pattern: string, data: unknown, waitMs: number): Promise<'done' | 'queued'> {
  try {
    await firstValueFrom(client.request(pattern, data, 0).pipe(timeout(waitMs)), { defaultValue: undefined });
    return 'done';
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return 'queued';
    throw toDomainError(error, pattern);
  }
}

/** The service stops starting a request this long before its caller gives up: time for the answer to travel. */
function answerMargin(timeoutMs: number): number {
  return Math.min(1_000, Math.floor(timeoutMs / 4));
}

function toDomainError(error: unknown, pattern: string): DomainError {
  if (error instanceof DomainError) return error;
  const candidate = error as { code?: unknown; message?: unknown } | null;
  if (candidate && typeof candidate.code === 'string' && Object.values(ErrorCodes).includes(candidate.code as ErrorCode)) {
    return new DomainError(candidate.code as ErrorCode, String(candidate.message ?? candidate.code));
  }
  const reason =
    error instanceof Error && error.name === 'TimeoutError' ? 'did not answer in time' : candidate && 'status' in candidate ? 'failed' : 'is unreachable';
  return new DomainError(ErrorCodes.ServiceUnavailable, `Service ${pattern.split('.')[0]} ${reason}; try again`);
}
