import { Inject, Logger } from '@nestjs/common';
import {
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { ClientEvents, ConnectErrors, DomainError, ErrorCodes, RelayedEvents, ServerEvents, type RelayedEventName } from '@rendezvous/contracts';
import { EmptyDto, JoinDto, ReportDto, TokenRefreshDto, validatePayload } from '@rendezvous/contracts/dto';
import { guestRoom, MatchmakingClient, SocketServerRef, type JoinRequest } from '@rendezvous/matchmaking';
import { SessionClient } from '@rendezvous/session';
import type { ClassConstructor } from 'class-transformer';
import { roomSubscribed } from './adapter/room-subscriptions.js';
import { socketAuthMiddleware } from './auth/socket-auth.middleware.js';
import { TokenExpiryService } from './auth/token-expiry.service.js';
import { SocketRateLimits } from './limits/socket-rate-limits.js';
import { GatewayPresenceService } from './presence/gateway-presence.service.js';
import { RelayService, type Ack } from './relay/relay.service.js';
import { Metrics, ShutdownState } from '@rendezvous/observability';
import { SocketErrors } from './socket-errors.js';
import type { RendezvousServer, RendezvousSocket } from './socket-types.js';

/**
 * The Socket.IO endpoint guests talk to. Matchmaking events go to the matchmaking service; signaling
 * and chat events are relayed to the partner by RelayService. Both arrive through one plain listener
 * per socket (dispatch), which skips Nest's per-message pipeline.
 */
@WebSocketGateway()
export class SignalingGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(SignalingGateway.name);
  /** The last of each socket's matchmaking requests, its connect first (see inOrder); goes with the socket. */
  private readonly pending = new WeakMap<RendezvousSocket, Promise<unknown>>();

  @WebSocketServer()
  server!: RendezvousServer;

  constructor(
    private readonly sessions: SessionClient,
    private readonly matchmaking: MatchmakingClient,
    private readonly relay: RelayService,
    private readonly presence: GatewayPresenceService,
    private readonly serverRef: SocketServerRef,
    private readonly errors: SocketErrors,
    private readonly metrics: Metrics,
    private readonly shutdown: ShutdownState,
    private readonly tokens: TokenExpiryService,
    private readonly limits: SocketRateLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(server: RendezvousServer): void {
    const authenticate = socketAuthMiddleware(this.sessions);
    // A draining gateway takes no new sockets: the client retries and lands on another replica.
    server.use((_socket, next) => (this.shutdown.draining ? next(new Error(ConnectErrors.Restarting)) : next()));
    // Handshakes are limited per address before anything is looked up, and per guest once it is known.
    server.use((socket, next) => void this.limits.admitAddress(socket).then(() => next(), (error: unknown) => next(this.handshakeRefusal(error))));
    server.use((socket, next) => void authenticate(socket, next));
    server.use((socket, next) => void this.limits.admitGuest(socket).then(() => next(), (error: unknown) => next(this.handshakeRefusal(error))));
    this.relay.attach(server);
    this.serverRef.server = server as never;
    this.presence.start(server).catch((error: unknown) => this.logger.error(`presence start failed: ${String(error)}`));
  }

  async handleConnection(socket: RendezvousSocket): Promise<void> {
    const guest = socket.data.guest;
    if (!guest) return; // refused by the handshake middleware
    this.logger.log(`connected guest=${guest.id} socket=${socket.id}`);
    this.metrics.connectedSockets.inc();
    this.presence.socketsChangedHere();
    // One listener per socket for every event: Nest's @SubscribeMessage wiring costs each socket an rxjs
    // pipeline per handler, the largest part of an idle socket's memory (docs/BENCHMARKS.md).
    socket.onAny((event: string, payload?: unknown, ack?: unknown) => this.dispatch(socket, event, payload, ack));
    socket.join(guestRoom(guest.id));
    this.tokens.watch(socket);
    if (this.presence.stats) socket.emit(ServerEvents.PresenceStats, this.presence.stats);
    try {
      // Matchmaking hears of the socket (and may pair it) only once this gateway listens on its guest room (pair
      // joins, match:found and the partner's relays all arrive there) and the socket is recorded as the guest's.
      const connecting = Promise.all([roomSubscribed(this.server, guestRoom(guest.id)), this.presence.attach(guest.id, socket.id)]).then(() =>
        this.matchmaking.connected({ guestId: guest.id, socketId: socket.id, gatewayId: this.config.gatewayId }),
      );
      this.pending.set(socket, connecting.catch(() => undefined));
      await connecting;
    } catch (error) {
      this.fail(socket, error, 'connect');
    }
    // One live socket per guest: an older one (another tab, a half-dead connection) goes. Not when this
    // one has itself gone meanwhile: its client may already be back on a newer socket, which must stay.
    if (socket.connected) this.server.in(guestRoom(guest.id)).except(socket.id).disconnectSockets(true);
  }

  async handleDisconnect(socket: RendezvousSocket): Promise<void> {
    const guest = socket.data.guest;
    if (!guest) return;
    this.logger.log(`disconnected guest=${guest.id} socket=${socket.id}`);
    this.metrics.connectedSockets.dec();
    this.presence.socketsChangedHere();
    this.tokens.forget(socket.id);
    const detached = this.presence.detach(guest.id, socket.id);
    void this.limits.release(socket);
    try {
      await Promise.all([detached, this.pending.get(socket)]);
      await this.matchmaking.disconnected({ guestId: guest.id, socketId: socket.id, gatewayId: this.config.gatewayId });
    } catch (error) {
      this.logger.warn(`disconnect cleanup failed guest=${guest.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Control events: what each does once its payload is valid. */
  private readonly controls: Readonly<Record<string, (socket: RendezvousSocket, payload: unknown) => Promise<void>>> = {
    [ClientEvents.MatchJoin]: (socket, payload) =>
      this.control(socket, ClientEvents.MatchJoin, JoinDto, payload, ({ interests, mode }) => {
        if (interests) socket.data.guest.interests = normalizeInterests(interests);
        if (mode) socket.data.guest.mode = mode;
        return this.whileOpen(socket, () => this.matchmaking.join(this.joinRequest(socket)));
      }),
    [ClientEvents.MatchLeave]: (socket, payload) => this.control(socket, ClientEvents.MatchLeave, EmptyDto, payload, () => this.matchmaking.leave(socket.data.guest.id)),
    [ClientEvents.MatchNext]: (socket, payload) =>
      this.control(socket, ClientEvents.MatchNext, EmptyDto, payload, () => this.whileOpen(socket, () => this.matchmaking.next(this.joinRequest(socket)))),
    [ClientEvents.TokenRefresh]: (socket, payload) => this.control(socket, ClientEvents.TokenRefresh, TokenRefreshDto, payload, ({ token }) => this.tokens.refresh(socket, token)),
    [ClientEvents.MatchReport]: (socket, payload) =>
      this.control(socket, ClientEvents.MatchReport, ReportDto, payload, ({ reason }) => this.matchmaking.report(socket.data.guest.id, reason)),
    [ClientEvents.MatchBlock]: (socket, payload) => this.control(socket, ClientEvents.MatchBlock, EmptyDto, payload, () => this.matchmaking.block(socket.data.guest.id)),
  };

  /** Relayed events go to RelayService (no Nest pipeline on the hot path); control events to their handler; others are ignored. */
  private dispatch(socket: RendezvousSocket, event: string, payload: unknown, ack: unknown): void {
    if (RELAYED.has(event)) {
      this.relay.relay(socket, event as RelayedEventName, payload, typeof ack === 'function' ? (ack as Ack) : undefined);
      return;
    }
    const control = Object.hasOwn(this.controls, event) ? this.controls[event] : undefined;
    if (control) void control(socket, payload);
  }

  /**
   * A control event: rate limit, validation, then the action, all in the socket's order (see inOrder) —
   * the limit check is a Redis round trip, and a disconnect must not overtake a next still waiting on it.
   */
  private control<T extends object>(socket: RendezvousSocket, event: string, dto: ClassConstructor<T>, payload: unknown, action: (value: T) => Promise<void>): Promise<void> {
    return this.call(socket, event, async () => {
      if (!(await this.limits.allowControl(socket, event))) return;
      const check = validatePayload(dto, payload);
      if (!check.ok) return this.errors.send(socket, ErrorCodes.InvalidPayload, check.message, event);
      await action(check.value);
    });
  }

  /**
   * A join or next puts the guest in the queue, which takes only guests with a live socket: so it runs
   * only while the socket is open (one that closed while this waited its turn is superseded by its
   * disconnect). The request names the socket: the queue takes it only while that is the guest's open
   * socket, and records it again if Redis lost the record (a restart) since the connect.
   */
  private async whileOpen(socket: RendezvousSocket, search: () => Promise<void>): Promise<void> {
    if (!socket.connected) return;
    await search();
  }

  private joinRequest(socket: RendezvousSocket): JoinRequest {
    const { id, username, deviceId, interests, mode = 'text', ipHash } = socket.data.guest;
    return { guestId: id, username, deviceId, interests, mode, gatewayId: this.config.gatewayId, ipHash, socketId: socket.id };
  }

  private async call(socket: RendezvousSocket, event: string, action: () => Promise<void>): Promise<void> {
    try {
      await this.inOrder(socket, action);
    } catch (error) {
      this.fail(socket, error, event);
    }
  }

  /**
   * A socket's control events (join / leave / next, ...) run one at a time, in the order they arrived,
   * after its connect; its disconnect waits for all of them. A disconnect that overtook a join or next
   * would leave a guest who is gone in the queue; a join that overtook the connect would be paired
   * before the connect is handled, which then tells the guest of that pairing a second time.
   */
  private inOrder(socket: RendezvousSocket, task: () => Promise<void>): Promise<void> {
    const run = (this.pending.get(socket) ?? Promise.resolve()).then(task);
    this.pending.set(socket, run.catch(() => undefined));
    return run;
  }

  /** A limited handshake is refused with `RATE_LIMITED` and when to retry; a limit store that is away lets it through. */
  private handshakeRefusal(error: unknown): Error | undefined {
    if (!(error instanceof DomainError) || error.code !== ErrorCodes.RateLimited) {
      this.logger.warn(`handshake limit unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    return Object.assign(new Error(ConnectErrors.RateLimited), {
      data: { code: error.code, message: error.message, retryAfterSeconds: Math.max(1, Math.ceil(error.retryAfterSeconds ?? 1)) },
    });
  }

  private fail(socket: RendezvousSocket, error: unknown, event: string): void {
    if (error instanceof DomainError) {
      this.errors.send(socket, error.code, error.message, event);
      return;
    }
    this.logger.error(`${event} failed guest=${socket.data.guest.id}: ${error instanceof Error ? error.message : String(error)}`);
    this.errors.send(socket, ErrorCodes.ServiceUnavailable, 'Something went wrong; try again', event);
  }
}

const RELAYED: ReadonlySet<string> = new Set(RelayedEvents);

function normalizeInterests(interests: string[]): string[] {
  return [...new Set(interests.map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}
