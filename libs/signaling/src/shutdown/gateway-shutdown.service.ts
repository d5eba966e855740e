import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { SocketServerRef } from '@rendezvous/matchmaking';
import { ShutdownState } from '@rendezvous/observability';
import { GatewayPresenceService } from '../presence/gateway-presence.service.js';
import { sendAwayInSlices } from './send-away.js';

/**
 * SIGTERM: readiness turns false and new sockets are refused; the connected clients are told to reconnect
 * and disconnected a few at a time, evenly over SHUTDOWN_SPREAD_MS, so their reconnects (each one an
 * authentication and a matchmaking update) reach the other gateways, session and matchmaking as a trickle
 * rather than a storm; they land on another gateway with their pairings restored. Whatever is still
 * connected at SHUTDOWN_DRAIN_MS is closed. Then Nest closes the app and the process exits 0.
 */
@Injectable()
export class GatewayShutdownService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(GatewayShutdownService.name);

  constructor(
    private readonly shutdown: ShutdownState,
    private readonly serverRef: SocketServerRef,
    private readonly presence: GatewayPresenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.startDraining();
    const server = this.serverRef.server;
    const sockets = [...(server?.of('/').sockets.values() ?? [])];
    if (server && sockets.length > 0) {
      const { shutdownSpreadMs: spreadMs, shutdownDrainMs: drainMs } = this.config;
      this.logger.log(`draining ${sockets.length} sockets: sent away over ${spreadMs} ms, the rest closed after ${drainMs} ms`);
      const deadline = Date.now() + drainMs;
      await sendAwayInSlices(sockets, spreadMs);
      while (server.of('/').sockets.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    server?.local.disconnectSockets(true);
    await this.presence.stop();
  }
}
