import type { ClientToServerEvents, ServerToClientEvents, SessionResponse } from '@rendezvous/contracts';
import { io, type Socket } from 'socket.io-client';
import { fetchFrom } from './loopback.js';

export interface GuestOptions {
  /**
   * Reconnect like the web app does: automatically after a dropped connection, and again after a
   * refused handshake (a draining gateway answers "Server is restarting"). Off: one connection only.
   */
  reconnect?: boolean;
  /** Sent with the session request (e.g. an Origin). */
  headers?: Record<string, string>;
  /** The loopback address the guest's connections leave from (test/support/loopback.ts): its network, to the server. */
  localAddress?: string;
}

export interface ReceivedEvent {
  event: string;
  payload: any;
  /** Epoch ms of arrival. */
  at: number;
}

/** A test guest: a real session over REST and a real Socket.IO client, recording every event it receives. */
export class GuestClient {
  readonly received: ReceivedEvent[] = [];
  private closed = false;
  socket!: Socket<ServerToClientEvents, ClientToServerEvents>;
  session!: SessionResponse;

  private constructor(
    private readonly gatewayUrl: string,
    private readonly options: GuestOptions,
  ) {}

  static async create(apiUrl: string, gatewayUrl: string, body: Record<string, unknown> = {}, options: GuestOptions = {}): Promise<GuestClient> {
    const client = new GuestClient(gatewayUrl, options);
    client.session = await createSession(apiUrl, body, options.headers, options.localAddress);
    await client.connect();
    return client;
  }

  /** A guest for a session created elsewhere. */
  static async fromSession(session: SessionResponse, gatewayUrl: string, options: GuestOptions = {}): Promise<GuestClient> {
    const client = new GuestClient(gatewayUrl, options);
    client.session = session;
    await client.connect();
    return client;
  }

  get id(): string {
    return this.session.guest.id;
  }

  /** The loopback address its connections leave from (undefined: 127.0.0.1). */
  get localAddress(): string | undefined {
    return this.options.localAddress;
  }

  get username(): string {
    return this.session.guest.username;
  }

  async connect(gatewayUrl = this.gatewayUrl): Promise<void> {
    const reconnect = this.options.reconnect === true;
    this.closed = false;
    this.socket = io(gatewayUrl, {
      auth: { token: this.session.token },
      transports: ['websocket'],
      reconnection: reconnect,
      reconnectionDelay: 300,
      reconnectionDelayMax: 1_000,
      forceNew: true,
      ...(this.options.localAddress ? { localAddress: this.options.localAddress } : {}),
    });
    this.socket.onAny((event: string, payload: unknown) => this.received.push({ event, payload, at: Date.now() }));
    if (reconnect) {
      // A draining gateway asks its clients to go: reconnect at once, through the same URL (a balancer picks another).
      this.socket.on('server:reconnect', () => {
        this.socket.disconnect();
        this.socket.connect();
      });
      this.socket.on('connect_error', () => {
        if (!this.socket.active && !this.closed) setTimeout(() => this.closed || this.socket.connect(), 300);
      });
    }
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (error) => reject(error));
    });
  }

  emit(event: string, ...args: unknown[]): void {
    (this.socket.emit as (event: string, ...args: unknown[]) => void)(event, ...args);
  }

  /** Emits and resolves with the server's acknowledgement. */
  emitWithAck(event: string, payload: unknown): Promise<any> {
    return new Promise((resolve) => (this.socket.emit as (event: string, ...args: unknown[]) => void)(event, payload, resolve));
  }

  /** Resolves with the first received `event` (from the start of the recording) matching `predicate`. */
  async waitFor(event: string, predicate: (payload: any) => boolean = () => true, timeoutMs = 5_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((r) => r.event === event && predicate(r.payload));
      if (found) return found.payload;
      if (Date.now() > deadline) {
        throw new Error(`${this.username} did not receive ${event}; got: ${this.received.map((r) => r.event).join(', ') || 'nothing'}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** When `event` (matching `predicate`) first arrived, or null. */
  arrivalOf(event: string, predicate: (payload: any) => boolean = () => true): number | null {
    return this.received.find((r) => r.event === event && predicate(r.payload))?.at ?? null;
  }

  eventsNamed(event: string): any[] {
    return this.received.filter((r) => r.event === event).map((r) => r.payload);
  }

  /** Events other than the periodic presence stats. */
  get meaningful(): ReceivedEvent[] {
    return this.received.filter((r) => r.event !== 'presence:stats');
  }

  clear(): void {
    this.received.length = 0;
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }
}

export async function createSession(apiUrl: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}, localAddress?: string): Promise<SessionResponse> {
  const response = await fetchFrom(localAddress)(`${apiUrl}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST /api/sessions → ${response.status} ${await response.text()}`);
  return (await response.json()) as SessionResponse;
}

/** A small but plausible SDP. */
export function sdp(kind: 'offer' | 'answer', marker = 'x'): { type: 'offer' | 'answer'; sdp: string } {
  return { type: kind, sdp: `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=ice-ufrag:${marker}\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n` };
}

export function candidate(n = 1): { candidate: string; sdpMid: string; sdpMLineIndex: number } {
  return { candidate: `candidate:${n} 1 udp 2122260223 127.0.0.1 5${String(n).padStart(4, '0')} typ host`, sdpMid: '0', sdpMLineIndex: 0 };
}
