import { Module } from '@nestjs/common';
import { GatewayPresenceService } from './presence/gateway-presence.service.js';
import { RelayService } from './relay/relay.service.js';
import { SignalingGateway } from './signaling.gateway.js';

/**
 * The guest-facing Socket.IO gateway. Needs, from the composition root: APP_CONFIG, SessionClient,
 * MatchmakingClient, PresenceRegistry and SocketServerRef.
 */
@Module({
  providers: [SignalingGateway, RelayService, GatewayPresenceService],
  exports: [RelayService, GatewayPresenceService],
})
export class SignalingModule {}
