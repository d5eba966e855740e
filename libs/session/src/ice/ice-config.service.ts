import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import type { IceConfigResponse, IceServerConfig } from '@rendezvous/contracts';
import { SessionService } from '../session.service.js';
import { mintTurnCredential } from './turn-credentials.js';

/** The ICE servers a guest's browser should use: STUN as configured, TURN with a credential of its own. */
@Injectable()
export class IceConfigService {
  constructor(
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async forToken(token: string): Promise<IceConfigResponse> {
    const guest = await this.sessions.authenticate(token);
    const iceServers: IceServerConfig[] = [];
    const policy = { iceTransportPolicy: this.config.iceTransportPolicy };
    if (this.config.stunUrls.length > 0) iceServers.push({ urls: this.config.stunUrls });
    if (this.config.turnUrls.length > 0 && this.config.turnSecret) {
      // A credential never outlives the session it was minted for.
      const sessionLeft = (await this.sessions.remainingSeconds(guest.id)) ?? this.config.sessionTtlSeconds;
      const ttl = Math.min(this.config.turnCredentialTtlSeconds, sessionLeft);
      const { username, credential, expiresAt } = mintTurnCredential(this.config.turnSecret, guest.id, ttl);
      iceServers.push({ urls: this.config.turnUrls, username, credential });
      return { iceServers, expiresAt, ...policy, relayAvailable: true };
    }
    return { iceServers, expiresAt: null, ...policy, relayAvailable: false };
  }
}
