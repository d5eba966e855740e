import { Catch, HttpStatus, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { DomainError, ErrorCodes, type ErrorCode } from '@rendezvous/contracts';
import { isRedisUnavailable } from '@rendezvous/redis';
import type { Response } from 'express';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCodes.Unauthorized]: HttpStatus.UNAUTHORIZED,
  [ErrorCodes.TokenExpired]: HttpStatus.UNAUTHORIZED,
  [ErrorCodes.NotConnected]: HttpStatus.CONFLICT,
  [ErrorCodes.PartnerUnavailable]: HttpStatus.CONFLICT,
  [ErrorCodes.InvalidPayload]: HttpStatus.BAD_REQUEST,
  [ErrorCodes.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCodes.ServiceUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCodes.Banned]: HttpStatus.FORBIDDEN,
  [ErrorCodes.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCodes.FileTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCodes.UnsupportedFileType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ErrorCodes.FileLimitReached]: HttpStatus.CONFLICT,
};

/**
 * Maps domain errors to HTTP in one place: `{statusCode, code, message}`. A Redis outage is a 503
 * SERVICE_UNAVAILABLE too (not a 500); anything else gets Nest's usual handling.
 */
@Catch()
export class DomainErrorFilter extends BaseExceptionFilter {
  override catch(error: unknown, host: ArgumentsHost): void {
    const domain = error instanceof DomainError ? error : isRedisUnavailable(error) ? storageUnavailable() : null;
    if (!domain || host.getType() !== 'http') return super.catch(error, host);
    const response = host.switchToHttp().getResponse<Response>();
    const statusCode = STATUS[domain.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    if (domain.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(Math.max(1, Math.ceil(domain.retryAfterSeconds))));
    response.status(statusCode).json({ statusCode, code: domain.code, message: domain.message });
  }
}

function storageUnavailable(): DomainError {
  return new DomainError(ErrorCodes.ServiceUnavailable, 'Sessions are unavailable right now; try again shortly');
}
