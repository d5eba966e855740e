import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, ErrorCodes, type ErrorCode } from '@rendezvous/contracts';
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
};

/** Maps domain errors to HTTP in one place: `{statusCode, code, message}`. */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const statusCode = STATUS[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    response.status(statusCode).json({ statusCode, code: error.code, message: error.message });
  }
}
