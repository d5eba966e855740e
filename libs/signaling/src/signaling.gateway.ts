import { Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { ClientEvents, DomainError, ErrorCodes, RelayedEvents, ServerEvents } from '@rendezvous/contracts';
import { EmptyDto, JoinDto, validatePayload } from '@rendezvous/contracts/dto';
import { guestRoom, MatchmakingClient, SocketServerRef, type JoinRequest } from '@rendezvous/matchmaking';
import { SessionClient } from '@rendezvous/session';
import { socketAuthMiddleware } from './auth/socket-auth.middleware.js';
import { GatewayPresenceService } from './presence/gateway-presence.service.js';
import { RelayService, type Ack } from './relay/relay.service.js';
import { sendError, type RendezvousServer, type RendezvousSocket } from './socket-types.js';

/**
 * The Socket.IO endpoint guests talk to. Matchmaking events go to the matchmaking service; signaling
 * and chat events are relayed to the partner by RelayService through plain socket listeners, which
 * skip Nest's per-message pipeline on the hot path.
 */
@WebSocketGateway()
export class SignalingGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(SignalingGateway.name);

  @WebSocketServer()
  server!: RendezvousServer;

  constructor(
    private readonly sessions: SessionClient,
    private readonly matchmaking: MatchmakingClient,
    private readonly relay: RelayService,
    private readonly presence: GatewayPresenceService,
    private readonly serverRef: SocketServerRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(server: RendezvousServer): void {
    server.use((socket, next) => void socketAuthMiddleware(this.sessions)(socket, next));
    this.relay.attach(server);
    this.serverRef.server = server as never;
    this.presence.start(server).catch((error: unknown) => this.logger.error(`presence start failed: ${String(error)}`));
  }

  async handleConnection(socket: RendezvousSocket): Promise<void> {
    const guest = socket.data.guest;
    if (!guest) return; // refused by the handshake middleware
    this.logger.log(`connected guest=${guest.id} socket=${socket.id}`);
    for (const event of RelayedEvents) {
      socket.on(event as never, ((payload: unknown, ack?: unknown) =>
        this.relay.relay(socket, event, payload, typeof ack === 'function' ? (ack as Ack) : undefined)) as never);
    }
    socket.join(guestRoom(guest.id));
    if (this.presence.stats) socket.emit(ServerEvents.PresenceStats, this.presence.stats);
    try {
      await this.matchmaking.connected({ guestId: guest.id, socketId: socket.id, gatewayId: this.config.gatewayId });
    } catch (error) {
      this.fail(socket, error, 'connect');
    }
    // One live socket per guest: an older one (another tab, a half-dead connection) goes.
    this.server.in(guestRoom(guest.id)).except(socket.id).disconnectSockets(true);
  }

  async handleDisconnect(socket: RendezvousSocket): Promise<void> {
    const guest = socket.data.guest;
    if (!guest) return;
    this.logger.log(`disconnected guest=${guest.id} socket=${socket.id}`);
    try {
      await this.matchmaking.disconnected({ guestId: guest.id, socketId: socket.id, gatewayId: this.config.gatewayId });
    } catch (error) {
      this.logger.warn(`disconnect cleanup failed guest=${guest.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  @SubscribeMessage(ClientEvents.MatchJoin)
  async join(@ConnectedSocket() socket: RendezvousSocket, @MessageBody() payload: unknown): Promise<void> {
    const check = validatePayload(JoinDto, payload);
    if (!check.ok) return sendError(socket, ErrorCodes.InvalidPayload, check.message, ClientEvents.MatchJoin);
    if (check.value.interests) socket.data.guest.interests = normalizeInterests(check.value.interests);
    await this.call(socket, ClientEvents.MatchJoin, () => this.matchmaking.join(this.joinRequest(socket)));
  }

  @SubscribeMessage(ClientEvents.MatchLeave)
  async leave(@ConnectedSocket() socket: RendezvousSocket, @MessageBody() payload: unknown): Promise<void> {
    const check = validatePayload(EmptyDto, payload);
    if (!check.ok) return sendError(socket, ErrorCodes.InvalidPayload, check.message, ClientEvents.MatchLeave);
    await this.call(socket, ClientEvents.MatchLeave, () => this.matchmaking.leave(socket.data.guest.id));
  }

  @SubscribeMessage(ClientEvents.MatchNext)
  async next(@ConnectedSocket() socket: RendezvousSocket, @MessageBody() payload: unknown): Promise<void> {
    const check = validatePayload(EmptyDto, payload);
    if (!check.ok) return sendError(socket, ErrorCodes.InvalidPayload, check.message, ClientEvents.MatchNext);
    await this.call(socket, ClientEvents.MatchNext, () => this.matchmaking.next(this.joinRequest(socket)));
  }

  private joinRequest(socket: RendezvousSocket): JoinRequest {
    const { id, username, deviceId, interests } = socket.data.guest;
    return { guestId: id, username, deviceId, interests, gatewayId: this.config.gatewayId };
  }

  private async call(socket: RendezvousSocket, event: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.fail(socket, error, event);
    }
  }

  private fail(socket: RendezvousSocket, error: unknown, event: string): void {
    if (error instanceof DomainError) {
      sendError(socket, error.code, error.message, event);
      return;
    }
    this.logger.error(`${event} failed guest=${socket.data.guest.id}: ${error instanceof Error ? error.message : String(error)}`);
    sendError(socket, ErrorCodes.ServiceUnavailable, 'Something went wrong; try again', event);
  }
}

function normalizeInterests(interests: string[]): string[] {
  return [...new Set(interests.map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}
