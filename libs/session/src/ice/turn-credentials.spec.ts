import { describe, expect, it } from '@jest/globals';
import { mintTurnCredential } from './turn-credentials.js';

describe('mintTurnCredential', () => {
  it('makes the TURN REST API credential coturn checks: expiry:guestId and base64 HMAC-SHA1 of it', () => {
    // Expected value computed with: echo -n "1700003600:guest-1" | openssl dgst -sha1 -hmac turn-shared-secret -binary | base64
    expect(mintTurnCredential('turn-shared-secret', 'guest-1', 3600, 1_700_000_000_000)).toEqual({
      username: '1700003600:guest-1',
      credential: '2FQuxGutnXDeJhey1Igi2WNhaFg=',
      expiresAt: 1_700_003_600,
    });
  });

  it('gives every guest a credential of its own', () => {
    const a = mintTurnCredential('turn-shared-secret', 'guest-a', 60, 0);
    const b = mintTurnCredential('turn-shared-secret', 'guest-b', 60, 0);
    expect(a.credential).not.toBe(b.credential);
  });
});
