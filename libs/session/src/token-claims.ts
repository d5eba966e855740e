/** What a session token carries: the guest, the session it is bound to, and which of the session's tokens it is. */
export interface TokenClaims {
  sub: string;
  sid: string;
  /** The token's own id; only the session's latest (GuestUser.tokenId) is accepted. */
  jti: string;
  exp: number;
  iat?: number;
}
