/** How a grace window ended by the guest's return: its partner had been told it went ('announced'), or not ('quiet'). */
export type GraceEnd = 'announced' | 'quiet' | null;

/** Where a guest's live socket is. */
export interface GuestConnection {
  socketId: string;
  gatewayId: string;
}

/** Held by a live gateway process; see PresenceRegistry.link. */
export interface GatewayLink {
  /** Runs each time the link is back after a drop: the store may have lost the gateway's records meanwhile. */
  onRestored(listener: () => void): void;
  close(): Promise<void>;
}

/**
 * Who is online where. Gateways heartbeat with a TTL, so a crashed gateway's guests can be found
 * and dropped; a disconnected guest keeps its pairing for a grace window.
 */
export abstract class PresenceRegistry {
  /** The gateway is alive for `ttlMs` more and holds `online` sockets. */
  abstract heartbeat(gatewayId: string, online: number, ttlMs: number): Promise<void>;
  /**
   * Ties the gateway's waiting guests to this process: once the link is gone (closed, or dropped with a
   * crashed process) they are no longer handed out, even before the heartbeat expires and drops them.
   */
  abstract link(gatewayId: string): Promise<GatewayLink>;
  /** A gateway leaving on purpose. */
  abstract removeGateway(gatewayId: string): Promise<void>;
  abstract isGatewayAlive(gatewayId: string): Promise<boolean>;
  /** Gateways that once heartbeated and whose heartbeat has now expired. */
  abstract deadGateways(): Promise<string[]>;
  /** Sum of the sockets of live gateways. */
  abstract onlineCount(): Promise<number>;

  /**
   * Records the guest's current socket (replacing any older one). The gateway holding the socket does
   * this itself, at once, and `detach` when it closes, so that matching never hands out a guest whose
   * socket is gone, even while matchmaking has not yet handled the disconnect (it may be restarting).
   * The record lives as long as the socket and its gateway: `detach`, or `forgetGateway` once the
   * gateway is dead, removes it.
   */
  abstract attach(guestId: string, connection: GuestConnection): Promise<void>;
  /** Forgets the guest's socket if it is still `socketId`; false when a newer socket has replaced it. */
  abstract detach(guestId: string, socketId: string): Promise<boolean>;
  abstract connection(guestId: string): Promise<GuestConnection | null>;
  /** Guests whose current socket is on the gateway (the whole list: for tests and small gateways). */
  abstract guestsOf(gatewayId: string): Promise<string[]>;
  /**
   * Forgets a dead gateway a slice at a time, so no step blocks Redis however many guests it held: up to
   * `limit` of its guests per call (with their socket records, unless they moved to another gateway),
   * and the gateway itself once none is left (`done`). Returns the guests whose socket was there.
   */
  abstract forgetGateway(gatewayId: string, limit?: number): Promise<{ guests: string[]; done: boolean }>;

  /**
   * The guest went away while paired: end the pairing at `deadline` unless it comes back. With
   * `quietSince`, its partner has not been told yet (see takeQuiet). False (and the first deadline stays)
   * when its grace window has already started: a redelivered disconnect extends nothing.
   */
  abstract startGrace(guestId: string, deadline: number, quietSince?: number): Promise<boolean>;
  /** Ends the guest's grace window (it is back): whether its partner had been told it went, or null when it had none. */
  abstract cancelGrace(guestId: string): Promise<GraceEnd>;
  /** Atomically takes the guests whose grace ran out; each is returned to one caller only. */
  abstract takeExpiredGrace(now: number): Promise<string[]>;
  /** Atomically takes the guests still away whose quiet grace began at or before `since`, to tell their partners now; each once. */
  abstract takeQuiet(since: number): Promise<string[]>;
  abstract graceCount(): Promise<number>;
}
