/** What a session token carries: the guest and the session it is bound to. */
export interface TokenClaims {
  sub: string;
  sid: string;
  exp?: number;
  iat?: number;
}
