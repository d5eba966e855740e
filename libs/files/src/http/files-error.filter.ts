import { Catch, type ArgumentsHost } from '@nestjs/common';
import { DomainError } from '@rendezvous/contracts';
import { DomainErrorFilter } from '@rendezvous/session';
import type { Response } from 'express';
import { RetryLaterError } from '../limits/upload-rate-limiter.js';

/** The shared domain error mapping, plus Retry-After on 429. */
@Catch(DomainError)
export class FilesErrorFilter extends DomainErrorFilter {
  override catch(error: DomainError, host: ArgumentsHost): void {
    if (error instanceof RetryLaterError) host.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(error.retryAfterSeconds));
    super.catch(error, host);
  }
}
