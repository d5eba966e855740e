import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rendezvous/config';
import { ClientEvents, ErrorCodes, ServerEvents, type RelayedEventName } from '@rendezvous/contracts';
import { validatePayload } from '@rendezvous/contracts/dto';
import { randomUUID } from 'node:crypto';
import { Metrics } from '@rendezvous/observability';
import { SocketRateLimits } from '../limits/socket-rate-limits.js';
import { ViolationLog } from '../limits/violation-log.js';
import { SocketErrors } from '../socket-errors.js';
import type { RendezvousServer, RendezvousSocket } from '../socket-types.js';
import { CallTimeouts, type Caller } from './call-timeouts.js';
import { keepOnePairRoom, pairLinkOf } from './pair-room.js';
import { CALL_SETTLING_EVENTS, RELAY_DTOS } from './relay-rules.js';

export type Ack = (response: unknown) => void;

/** The relayed event is one of several; the typed map cannot express that union, so it is emitted untyped. */
interface UntypedBroadcast {
  emit(event: string, payload: unknown): boolean;
}

/**
 * Validates a guest's signaling and chat events and relays them to its partner only, with the
 * server's `from`/`fromUsername`. Enforces the unanswered-offer timeout.
 */
@Injectable()
export class RelayService implements OnModuleDestroy {
  private readonly calls: CallTimeouts;
  private server: RendezvousServer | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly errors: SocketErrors,
    private readonly metrics: Metrics,
    private readonly limits: SocketRateLimits,
    private readonly violations: ViolationLog,
  ) {
    this.calls = new CallTimeouts(config.callTimeoutMs, (room, caller) => this.callTimedOut(room, caller));
  }

  attach(server: RendezvousServer): void {
    this.server = server;
    keepOnePairRoom(server);
    if (this.config.mode === 'distributed') server.on('call:settled', (room: string) => this.calls.settle(room));
  }

  relay(socket: RendezvousSocket, event: RelayedEventName, payload: unknown, ack?: Ack): void {
    // Before validation, so a flood of any payload costs as little as possible.
    if (!this.limits.allowRelay(socket, event)) return;
    const started = performance.now();
    this.relayValidated(socket, event, payload, ack);
    this.metrics.relayLatency.observe({ event }, (performance.now() - started) / 1000);
  }

  private relayValidated(socket: RendezvousSocket, event: RelayedEventName, payload: unknown, ack?: Ack): void {
    const check = validatePayload(RELAY_DTOS[event], payload);
    if (!check.ok) {
      this.violations.debug(socket, `invalid ${event}`, `invalid ${event} guest=${socket.data.guest.id}`);
      this.errors.send(socket, ErrorCodes.InvalidPayload, check.message, event);
      return;
    }
    const link = pairLinkOf(socket);
    if (!link) {
      this.errors.send(socket, ErrorCodes.NotConnected, 'You are not connected to a partner', event);
      return;
    }
    const { id, username } = socket.data.guest;
    const out: Record<string, unknown> = { ...check.value, from: id, fromUsername: username };
    if (event === ClientEvents.ChatMessage) {
      out.id = randomUUID();
      out.timestamp = Date.now();
      ack?.({ id: out.id, timestamp: out.timestamp });
    }
    // To the partner's guest room rather than the pair room: with a channel per room (the sharded adapter),
    // the partner's gateway listens on that one from the partner's connect, while its subscription to the
    // pair room may still be on its way when the first offer or message of a new pair goes out.
    (socket.to(link.partnerRoom) as unknown as UntypedBroadcast).emit(event, out);
    if (event === ClientEvents.Offer) this.calls.start(link.room, { id, username });
    else if (CALL_SETTLING_EVENTS.has(event)) this.settle(link.room);
  }

  /** Pending call timers on this gateway; for leak checks. */
  get pendingCalls(): number {
    return this.calls.size;
  }

  onModuleDestroy(): void {
    this.calls.clear();
  }

  private settle(room: string): void {
    if (!this.calls.settle(room) && this.config.mode === 'distributed') this.server?.serverSideEmit('call:settled', room);
  }

  private callTimedOut(room: string, caller: Caller): void {
    this.server?.to(room).emit(ServerEvents.CallTimeout, { from: caller.id, fromUsername: caller.username });
  }
}
