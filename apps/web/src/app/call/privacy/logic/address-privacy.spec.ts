import { describe, expect, it } from '@jest/globals';
import { AddressPrivacy, NO_RELAY } from './address-privacy.js';

describe('AddressPrivacy', () => {
  it('calls directly, and says the partner sees the address, when no relay exists — whatever the person ticked', () => {
    for (const hide of [false, true]) {
      const privacy = new AddressPrivacy(NO_RELAY, hide);
      expect(privacy.policy).toBe('all');
      expect(privacy.canChoose).toBe(false);
      expect(privacy.notice).toMatch(/they can see your IP address/);
    }
  });

  it('lets the person choose relay-only calls when a relay exists', () => {
    const settings = { iceTransportPolicy: 'all' as const, relayAvailable: true };
    expect(new AddressPrivacy(settings, false).policy).toBe('all');
    expect(new AddressPrivacy(settings, true).policy).toBe('relay');
    expect(new AddressPrivacy(settings, true).canChoose).toBe(true);
    expect(new AddressPrivacy(settings, true).notice).toMatch(/cannot see your IP address/);
  });

  it("relays every call when the operator says so, with no choice to offer", () => {
    const privacy = new AddressPrivacy({ iceTransportPolicy: 'relay', relayAvailable: true }, false);
    expect(privacy.policy).toBe('relay');
    expect(privacy.canChoose).toBe(false);
    expect(privacy.notice).toMatch(/cannot see your IP address/);
  });
});
