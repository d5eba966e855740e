import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { DomainError, ErrorCodes } from '@rendezvous/contracts';
import { throwError, type Observable } from 'rxjs';

/** Sends errors of message handlers back over the bus as plain `{code, message}`. */
@Catch()
export class RpcDomainErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(RpcDomainErrorFilter.name);

  catch(error: unknown): Observable<never> {
    if (error instanceof DomainError) return throwError(() => error.toJSON());
    this.logger.error(`message handler failed: ${error instanceof Error ? error.message : String(error)}`);
    return throwError(() => ({ code: ErrorCodes.ServiceUnavailable, message: 'Internal error; try again' }));
  }
}
