import { Injectable, inject, signal } from '@angular/core';
import {
  ClientEvents,
  ConnectErrors,
  ErrorCodes,
  ServerEvents,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@rendezvous/contracts';
import { io, type Socket } from 'socket.io-client';
import { APP_CONFIG } from '../core/app-config';
import { TIMERS } from '../core/browser-tokens';
import { PERF_MARK } from '../core/perf-marks';
import { SessionService } from '../session/session.service';
import { ReconnectScheduler } from './logic/reconnect-scheduler';

export type ConnectionStatus = 'offline' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ServerEvent = keyof ServerToClientEvents;
type ClientEvent = keyof ClientToServerEvents;

/**
 * The Socket.IO connection: websocket transport first, the session token in the handshake,
 * reconnection for up to `reconnectWindowMs` behind a visible banner, token hand-over.
 * Reconnection is ours, not socket.io-client's: exponential backoff with full jitter
 * (logic/full-jitter-backoff.ts says why its own randomization is not enough), for dropped
 * connections and refused handshakes alike.
 */
@Injectable({ providedIn: 'root' })
export class SocketService {
  private readonly config = inject(APP_CONFIG);
  private readonly session = inject(SessionService);
  private readonly timers = inject(TIMERS);
  private readonly mark = inject(PERF_MARK);
  private readonly socket: AppSocket;
  private readonly reconnect: ReconnectScheduler;
  private renewing = false;
  private readonly connectListeners: (() => void)[] = [];

  readonly status = signal<ConnectionStatus>('offline');

  constructor() {
    this.socket = io(this.config.socketUrl || undefined, {
      path: this.config.socketPath,
      transports: ['websocket'],
      autoConnect: false,
      reconnection: false,
      timeout: 5_000,
      auth: (cb) => cb({ token: this.session.token ?? '' }),
    }) as AppSocket;
    this.reconnect = new ReconnectScheduler(this.timers, this.config.reconnectWindowMs, {
      attempt: () => {
        if (!this.socket.connected) this.socket.connect();
      },
      giveUp: () => {
        this.socket.disconnect();
        this.status.set('failed');
      },
    });
    this.socket.on('connect', () => this.onConnected());
    this.socket.on('disconnect', (reason) => {
      // The server closing us on purpose (rate-limit strikes, an expired token, a newer socket of ours) is
      // not retried blindly; a gateway that is going away says so first (server:reconnect).
      if (reason !== 'io client disconnect') this.onLost(reason !== 'io server disconnect');
    });
    this.socket.on('connect_error', (error) => void this.onConnectError(error.message));
    this.socket.on(ServerEvents.Reconnect, () => this.reconnectNow());
    this.socket.on(ServerEvents.Error, (payload) => {
      if (payload.code === ErrorCodes.TokenExpired || payload.code === ErrorCodes.Unauthorized) {
        void this.renewAndReconnect();
      }
    });
    this.session.onTokenChange((change) => {
      const token = this.session.token;
      if (change === 'refreshed' && token && this.socket.connected) this.socket.emit(ClientEvents.TokenRefresh, { token });
      if (change === 'renewed') this.reconnectNow();
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  connect(): void {
    if (this.socket.connected || this.status() === 'connecting') return;
    this.status.set('connecting');
    this.mark('socket-connect');
    this.socket.connect();
  }

  /** Called on every (re)connect, e.g. to re-join the queue. */
  onConnect(listener: () => void): void {
    this.connectListeners.push(listener);
  }

  on<E extends ServerEvent>(event: E, handler: ServerToClientEvents[E]): void {
    (this.socket as unknown as { on(e: string, h: unknown): void }).on(event, handler);
  }

  emit<E extends ClientEvent>(event: E, ...args: Parameters<ClientToServerEvents[E]>): void {
    (this.socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit(event, ...args);
  }

  /** "Retry" after the reconnection window ran out. */
  retry(): void {
    this.reconnectNow();
  }

  private onConnected(): void {
    this.mark(`socket-connected:${this.socket.io.engine?.transport?.name ?? 'unknown'}`);
    this.reconnect.connected();
    this.status.set('connected');
    this.connectListeners.forEach((listener) => listener());
  }

  private onLost(retry = true): void {
    this.status.set('reconnecting');
    this.reconnect.lost(retry);
  }

  private async onConnectError(message: string): Promise<void> {
    if (message === ConnectErrors.TokenExpired || message === ConnectErrors.Unauthorized) {
      await this.renewAndReconnect();
      return;
    }
    // No answer, or a refusal (a draining gateway says "Server is restarting"): try again after a backoff
    // while the window lasts; the load balancer sends the next attempt to another gateway.
    if (this.reconnect.recovering) this.reconnect.attemptFailed();
    else this.onLost();
  }

  private async renewAndReconnect(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    try {
      await this.session.renew('Your session expired, so you have a new guest name.');
    } catch {
      this.reconnect.stop();
      this.status.set('failed');
    } finally {
      this.renewing = false;
    }
  }

  /** The gateway is going away (it spreads these over its drain), or we have a new token: reconnect right now. */
  private reconnectNow(): void {
    this.socket.disconnect();
    this.status.set('reconnecting');
    this.reconnect.now();
  }
}
