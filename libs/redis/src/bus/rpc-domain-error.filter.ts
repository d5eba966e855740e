import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { DomainError, ErrorCodes, type ErrorCode } from '@rendezvous/contracts';
import { throwError, type Observable } from 'rxjs';

/**
 * What the other side of the bus is told of an error: a DomainError as it is; anything else is logged
 * (as `<what> failed: ...`) and answered SERVICE_UNAVAILABLE, without its details.
 */
export function toBusError(error: unknown, logger: Logger, what: string): { code: ErrorCode; message: string } {
  if (error instanceof DomainError) return error.toJSON();
  logger.error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  return { code: ErrorCodes.ServiceUnavailable, message: 'Internal error; try again' };
}

/** Sends errors of message handlers back over the bus as plain `{code, message}`. */
@Catch()
export class RpcDomainErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(RpcDomainErrorFilter.name);

  catch(error: unknown): Observable<never> {
    return throwError(() => toBusError(error, this.logger, 'message handler'));
  }
}
