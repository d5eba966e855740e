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

export type ConnectionStatus = 'offline' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ServerEvent = keyof ServerToClientEvents;
type ClientEvent = keyof ClientToServerEvents;

/** After the server refused a handshake (draining, or its services away), try again this soon. */
const RETRY_REFUSED_MS = 750;

/**
 * The Socket.IO connection: websocket transport first, the session token in the handshake,
 * reconnection for up to `reconnectWindowMs` behind a visible banner, token hand-over.
 */
@Injectable({ providedIn: 'root' })
export class SocketService {
  private readonly config = inject(APP_CONFIG);
  private readonly session = inject(SessionService);
  private readonly timers = inject(TIMERS);
  private readonly mark = inject(PERF_MARK);
  private readonly socket: AppSocket;
  private windowTimer: unknown = null;
  private renewing = false;
  private readonly connectListeners: (() => void)[] = [];

  readonly status = signal<ConnectionStatus>('offline');

  constructor() {
    this.socket = io(this.config.socketUrl || undefined, {
      path: this.config.socketPath,
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 2_000,
      timeout: 5_000,
      auth: (cb) => cb({ token: this.session.token ?? '' }),
    }) as AppSocket;
    this.socket.on('connect', () => this.onConnected());
    this.socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') this.onLost();
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
    this.clearWindow();
    this.status.set('connected');
    this.connectListeners.forEach((listener) => listener());
  }

  private onLost(): void {
    if (this.status() === 'reconnecting') return;
    this.status.set('reconnecting');
    this.clearWindow();
    this.windowTimer = this.timers.setTimeout(() => {
      this.windowTimer = null;
      if (this.socket.connected) return;
      this.socket.disconnect();
      this.status.set('failed');
    }, this.config.reconnectWindowMs);
  }

  private async onConnectError(message: string): Promise<void> {
    if (message === ConnectErrors.TokenExpired || message === ConnectErrors.Unauthorized) {
      await this.renewAndReconnect();
      return;
    }
    if (this.status() === 'connecting') this.onLost();
    // A refusal by the server (a draining gateway says "Server is restarting") is not retried by socket.io
    // itself; try again while the window lasts — the load balancer sends us to another gateway.
    if (!this.socket.active) this.retrySoon();
  }

  private retrySoon(): void {
    this.timers.setTimeout(() => {
      if (this.socket.connected || this.socket.active || this.status() !== 'reconnecting') return;
      this.socket.connect();
    }, RETRY_REFUSED_MS);
  }

  private async renewAndReconnect(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    try {
      await this.session.renew('Your session expired, so you have a new guest name.');
    } catch {
      this.status.set('failed');
    } finally {
      this.renewing = false;
    }
  }

  /** The gateway is going away (or we have a new token): reconnect right now. */
  private reconnectNow(): void {
    this.socket.disconnect();
    this.onLost();
    this.socket.connect();
  }

  private clearWindow(): void {
    if (this.windowTimer !== null) this.timers.clearTimeout(this.windowTimer);
    this.windowTimer = null;
  }
}
