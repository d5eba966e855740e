import type { IceConfigResponse, IceTransportPolicy } from '@rendezvous/contracts';

/** What the server said about relays (GET /api/config/ice). */
export type RelaySettings = Pick<IceConfigResponse, 'iceTransportPolicy' | 'relayAvailable'>;

/** Before the ICE config arrives: no relay known, direct calls. */
export const NO_RELAY: RelaySettings = { iceTransportPolicy: 'all', relayAvailable: false };

/**
 * Whether this guest's calls hide its IP address from the partner: always when the operator relays every
 * call, when the guest chose it and a relay exists, never otherwise. What the person is told follows.
 */
export class AddressPrivacy {
  constructor(
    readonly settings: RelaySettings,
    /** The person ticked "Hide my IP address (relay only)". */
    readonly hideAddress: boolean,
  ) {}

  /** The RTCConfiguration.iceTransportPolicy of the next call. */
  get policy(): IceTransportPolicy {
    return this.settings.iceTransportPolicy === 'relay' || (this.settings.relayAvailable && this.hideAddress) ? 'relay' : 'all';
  }

  /** Whether the person has a choice to make (a relay exists and the operator does not relay every call). */
  get canChoose(): boolean {
    return this.settings.relayAvailable && this.settings.iceTransportPolicy !== 'relay';
  }

  /** Said before any call: whether the partner will see this guest's address. */
  get notice(): string {
    if (this.policy === 'relay') return 'Calls go through a relay server: your partner cannot see your IP address.';
    return 'A call connects your browser directly to your partner’s: they can see your IP address.';
  }
}
