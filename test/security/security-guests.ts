import { io } from 'socket.io-client';
import { GuestClient } from '../support/guest-client.js';
import { sleep } from '../support/eventually.js';
import { fetchFrom, loopbackNetwork } from '../support/loopback.js';
import type { SecurityTopology } from './security-topology.js';

const PATIENCE_MS = 10_000;

/** POST /api/sessions from an address (default 127.0.0.1), with extra headers. */
export function createSessionFrom(apiUrl: string, from: string | undefined, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Response> {
  return fetchFrom(from)(`${apiUrl}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** The test's guests, each from a loopback network of its own (a real, distinct client) unless told otherwise; closed after each test. */
export class Guests {
  private readonly list: GuestClient[] = [];

  constructor(private readonly topology: () => SecurityTopology) {}

  async guest(options: { body?: Record<string, unknown>; from?: string; headers?: Record<string, string>; gateway?: 0 | 1 } = {}): Promise<GuestClient> {
    const { apiUrl, gatewayUrls } = this.topology();
    const gateway = options.gateway ?? ((this.list.length % 2) as 0 | 1);
    const client = await GuestClient.create(apiUrl, gatewayUrls[gateway], options.body ?? {}, { localAddress: options.from ?? loopbackNetwork(), headers: options.headers });
    // Events cross up to four processes and Redis on a machine shared with other work: wait longer than the default.
    const waitFor = client.waitFor.bind(client);
    client.waitFor = (event, predicate, timeoutMs = PATIENCE_MS) => waitFor(event, predicate, timeoutMs);
    this.list.push(client);
    return client;
  }

  /** Two guests matched with each other (the second one joins once the first is searching). */
  async pair(a?: GuestClient, b?: GuestClient): Promise<[GuestClient, GuestClient]> {
    const first = a ?? (await this.guest());
    const second = b ?? (await this.guest());
    const found = (client: GuestClient) => client.eventsNamed('match:found').length;
    const [before1, before2] = [found(first), found(second)];
    const searching = first.eventsNamed('match:searching').length;
    first.emit('match:join', {});
    await waitUntil(() => first.eventsNamed('match:searching').length > searching, PATIENCE_MS, 'the first guest to search');
    second.emit('match:join', {});
    const events = (client: GuestClient) => client.meaningful.map((r) => `${r.event}${r.event === 'webrtc:error' ? `(${r.payload.code})` : ''}`).join(', ');
    await waitUntil(() => found(first) > before1 && found(second) > before2, PATIENCE_MS, () => `a pairing; first got ${events(first)}; second got ${events(second)}`);
    return [first, second];
  }

  closeAll(): void {
    this.list.splice(0).forEach((client) => client.close());
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs = PATIENCE_MS, what: string | (() => string) = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(10);
  }
}

interface ConnectOptions {
  token?: string;
  origin?: string;
  transport?: 'websocket' | 'polling';
  /** The loopback address to connect from (default 127.0.0.1). */
  from?: string;
}

/** The connect_error message of a socket that should be refused (or 'connected'). */
export async function connectOutcome(url: string, options: ConnectOptions): Promise<string> {
  const outcome = await connectError(url, options);
  return outcome === null ? 'connected' : outcome.message;
}

/** The connect_error (message and data) of a socket that should be refused, or null when it connected. */
export async function connectError(url: string, options: ConnectOptions): Promise<{ message: string; data?: unknown } | null> {
  const socket = io(url, {
    auth: options.token === undefined ? {} : { token: options.token },
    transports: [options.transport ?? 'websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 4_000,
    ...(options.origin ? { extraHeaders: { origin: options.origin } } : {}),
    ...(options.from ? { localAddress: options.from } : {}),
  });
  try {
    return await new Promise((resolve) => {
      socket.once('connect', () => resolve(null));
      socket.once('connect_error', (error) => resolve({ message: error.message, data: (error as Error & { data?: unknown }).data }));
    });
  } finally {
    socket.close();
  }
}

/** Errors the guest received, optionally only those about `event`. */
export function errorsOf(client: GuestClient, code: string, event?: string): Array<{ code: string; message: string; event?: string }> {
  return client.eventsNamed('webrtc:error').filter((e) => e.code === code && (event === undefined || e.event === event));
}
