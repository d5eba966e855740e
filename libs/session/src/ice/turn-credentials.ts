import { createHmac } from 'node:crypto';

export interface TurnCredential {
  username: string;
  credential: string;
  /** Epoch seconds after which the TURN server refuses it. */
  expiresAt: number;
}

/**
 * A short-lived TURN credential per the TURN REST API (coturn `use-auth-secret`): the username is
 * `expiry:guestId`, the password base64(HMAC-SHA1(secret, username)), so the TURN server checks it
 * with the shared secret alone and it dies on its own at `expiry`.
 */
export function mintTurnCredential(secret: string, guestId: string, ttlSeconds: number, nowMs = Date.now()): TurnCredential {
  const expiresAt = Math.floor(nowMs / 1000) + Math.max(1, Math.floor(ttlSeconds));
  const username = `${expiresAt}:${guestId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt };
}
