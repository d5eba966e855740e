import { Module } from '@nestjs/common';
import { MetricsModule } from '@rendezvous/observability';
import { TokenExpiryService } from './auth/token-expiry.service.js';
import { GatewayGauges } from './metrics/gateway-gauges.js';
import { GatewayPresenceService } from './presence/gateway-presence.service.js';
import { SocketRateLimits } from './limits/socket-rate-limits.js';
import { ViolationLog } from './limits/violation-log.js';
import { RelayService } from './relay/relay.service.js';
import { GatewayShutdownService } from './shutdown/gateway-shutdown.service.js';
import { SignalingGateway } from './signaling.gateway.js';
import { SocketErrors } from './socket-errors.js';

/**
 * The guest-facing Socket.IO gateway. Needs, from the composition root: APP_CONFIG, SessionClient,
 * MatchmakingClient, PresenceRegistry, SocketServerRef, ShutdownState (ObservabilityModule), RateLimiter and BucketStore (RateLimitModule).
 */
@Module({
  imports: [MetricsModule],
  providers: [SignalingGateway, RelayService, GatewayPresenceService, GatewayShutdownService, SocketErrors, TokenExpiryService, GatewayGauges, SocketRateLimits, ViolationLog],
  exports: [RelayService, GatewayPresenceService],
})
export class SignalingModule {}
