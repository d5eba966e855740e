import type { ClientProxy } from '@nestjs/microservices';
import { DomainError, ErrorCodes, type ErrorCode } from '@rendezvous/contracts';
import { firstValueFrom, timeout } from 'rxjs';

/**
 * One request over the bus, with a deadline; `{code, message}` errors from the other side come back as
 * DomainErrors, anything else (no answer, Redis away) as SERVICE_UNAVAILABLE — a clear error, never a hang.
 */
export async function busRequest<T>(client: ClientProxy, pattern: string, data: unknown, deadlineMs: number): Promise<T> {
  try {
    return await firstValueFrom(client.send<T>(pattern, data ?? {}).pipe(timeout(deadlineMs)));
  } catch (error) {
    throw toDomainError(error, pattern);
  }
}

/** Fire-and-forget event over the bus. */
export async function busEmit(client: ClientProxy, pattern: string, data: unknown, deadlineMs: number): Promise<void> {
  try {
    await firstValueFrom(client.emit(pattern, data ?? {}).pipe(timeout(deadlineMs)), { defaultValue: undefined });
  } catch (error) {
    throw toDomainError(error, pattern);
  }
}

function toDomainError(error: unknown, pattern: string): DomainError {
  if (error instanceof DomainError) return error;
  const candidate = error as { code?: unknown; message?: unknown } | null;
  if (candidate && typeof candidate.code === 'string' && Object.values(ErrorCodes).includes(candidate.code as ErrorCode)) {
    return new DomainError(candidate.code as ErrorCode, String(candidate.message ?? candidate.code));
  }
  const reason = error instanceof Error && error.name === 'TimeoutError' ? 'did not answer in time' : 'is unreachable';
  return new DomainError(ErrorCodes.ServiceUnavailable, `Service ${pattern.split('.')[0]} ${reason}; try again`);
}
