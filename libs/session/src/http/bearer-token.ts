import { DomainError, ErrorCodes } from '@rendezvous/contracts';

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new DomainError(ErrorCodes.Unauthorized, 'Missing Authorization: Bearer token');
  return match[1];
}
