import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { ServerEvents } from '@rendezvous/contracts';
import { SocketServerRef } from '@rendezvous/matchmaking';
import { ShutdownState } from '@rendezvous/observability';
import { GatewayPresenceService } from '../presence/gateway-presence.service.js';

/**
 * SIGTERM: readiness turns false, new sockets are refused, connected clients are told to reconnect
 * (they land on another gateway and their pairings are restored), and after the drain time whatever
 * is left is closed. Then Nest closes the app and the process exits 0.
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
    const connected = server?.of('/').sockets.size ?? 0;
    if (server && connected > 0) {
      this.logger.log(`draining ${connected} sockets for up to ${this.config.shutdownDrainMs} ms`);
      server.local.emit(ServerEvents.Reconnect, { reason: 'shutdown' });
      const deadline = Date.now() + this.config.shutdownDrainMs;
      while (server.of('/').sockets.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    server?.local.disconnectSockets(true);
    await this.presence.stop();
  }
}
