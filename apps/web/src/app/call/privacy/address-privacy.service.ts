import { Injectable, computed, inject, signal } from '@angular/core';
import { LOCAL_STORAGE } from '../../core/browser-tokens';
import { AddressPrivacy, NO_RELAY, type RelaySettings } from './logic/address-privacy';

const HIDE_ADDRESS_KEY = 'rendezvous.hideAddress';

/**
 * The guest's "Hide my IP address (relay only)" choice (kept across visits) and what the server allows:
 * the ICE transport policy of the next call, and the notice the person reads before calling.
 */
@Injectable({ providedIn: 'root' })
export class AddressPrivacyService {
  private readonly storage = inject(LOCAL_STORAGE);
  private readonly settings = signal<RelaySettings>(NO_RELAY);
  readonly hideAddress = signal(this.storage?.getItem(HIDE_ADDRESS_KEY) === 'true');
  private readonly current = computed(() => new AddressPrivacy(this.settings(), this.hideAddress()));

  readonly policy = computed(() => this.current().policy);
  readonly canChoose = computed(() => this.current().canChoose);
  readonly notice = computed(() => this.current().notice);

  /** What GET /api/config/ice said. */
  useSettings(settings: RelaySettings): void {
    this.settings.set({ iceTransportPolicy: settings.iceTransportPolicy === 'relay' ? 'relay' : 'all', relayAvailable: settings.relayAvailable === true });
  }

  setHideAddress(hide: boolean): void {
    this.hideAddress.set(hide);
    try {
      this.storage?.setItem(HIDE_ADDRESS_KEY, String(hide));
    } catch {
      // No storage: the choice holds for this page.
    }
  }
}
