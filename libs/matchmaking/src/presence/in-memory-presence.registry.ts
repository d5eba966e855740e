import { Injectable } from '@nestjs/common';
import { CLOSED_SOCKET_MS } from '../redis-lua.js';
import { PresenceRegistry, type GatewayLink, type GraceEnd, type GuestConnection } from './presence-registry.port.js';

interface GatewayBeat {
  online: number;
  expiresAt: number;
}

@Injectable()
export class InMemoryPresenceRegistry extends PresenceRegistry {
  private readonly gateways = new Map<string, GatewayBeat>();
  private readonly connections = new Map<string, GuestConnection>();
  private readonly grace = new Map<string, number>();
  /** Guests in grace whose partner has not been told yet → since when. */
  private readonly quiet = new Map<string, number>();
  /** Gateways whose link was closed while their heartbeat may last. */
  private readonly unlinked = new Set<string>();
  /** Guests whose socket closed lately → that socket and until when it counts as closed (as the Redis marker). */
  private readonly closed = new Map<string, { socketId: string; until: number }>();

  async heartbeat(gatewayId: string, online: number, ttlMs: number): Promise<void> {
    this.gateways.set(gatewayId, { online, expiresAt: Date.now() + ttlMs });
  }

  async link(gatewayId: string): Promise<GatewayLink> {
    this.unlinked.delete(gatewayId);
    return {
      onRestored: () => undefined, // nothing in between to drop
      close: async () => {
        if (this.gateways.has(gatewayId)) this.unlinked.add(gatewayId);
      },
    };
  }

  async removeGateway(gatewayId: string): Promise<void> {
    this.gateways.delete(gatewayId);
    this.unlinked.delete(gatewayId);
  }

  async isGatewayAlive(gatewayId: string): Promise<boolean> {
    return this.isGatewayAliveNow(gatewayId);
  }

  /** Synchronous form, for the in-memory queue's atomic checks. */
  isGatewayAliveNow(gatewayId: string): boolean {
    const beat = this.gateways.get(gatewayId);
    return beat !== undefined && beat.expiresAt > Date.now();
  }

  /** False while a gateway's link is gone: its guests are not handed out (synchronous, for the queue). */
  isGatewayLinkedNow(gatewayId: string): boolean {
    return !this.unlinked.has(gatewayId);
  }

  async deadGateways(): Promise<string[]> {
    const now = Date.now();
    return [...this.gateways].filter(([, beat]) => beat.expiresAt <= now).map(([id]) => id);
  }

  async onlineCount(): Promise<number> {
    const now = Date.now();
    let online = 0;
    for (const beat of this.gateways.values()) if (beat.expiresAt > now) online += beat.online;
    return online;
  }

  async attach(guestId: string, connection: GuestConnection): Promise<void> {
    this.connections.set(guestId, { ...connection });
    this.closed.delete(guestId);
  }

  async detach(guestId: string, socketId: string): Promise<boolean> {
    if (this.connections.get(guestId)?.socketId !== socketId) return false;
    this.connections.delete(guestId);
    if (this.closed.size > 1024) this.pruneClosed();
    this.closed.set(guestId, { socketId, until: Date.now() + CLOSED_SOCKET_MS });
    return true;
  }

  /** The guest has a live socket (synchronous, for the queue's atomic checks). */
  isConnectedNow(guestId: string): boolean {
    return this.connections.has(guestId);
  }

  /**
   * For a join from `socketId` (synchronous, for the queue's atomic step; as joinerSocket in
   * redis-match.scripts.ts): whether it is the guest's open socket on the gateway, recording it when the
   * guest has no record at all; a socket closed lately, or another, is not.
   */
  claimNow(guestId: string, gatewayId: string, socketId: string): boolean {
    const current = this.connections.get(guestId);
    if (current) return current.socketId === socketId && current.gatewayId === gatewayId;
    if ((this.closed.get(guestId)?.until ?? 0) > Date.now()) return false;
    this.connections.set(guestId, { socketId, gatewayId });
    this.closed.delete(guestId);
    return true;
  }

  private pruneClosed(): void {
    const now = Date.now();
    for (const [guestId, { until }] of this.closed) if (until <= now) this.closed.delete(guestId);
  }

  async connection(guestId: string): Promise<GuestConnection | null> {
    const connection = this.connections.get(guestId);
    return connection ? { ...connection } : null;
  }

  async guestsOf(gatewayId: string): Promise<string[]> {
    return [...this.connections].filter(([, c]) => c.gatewayId === gatewayId).map(([guestId]) => guestId);
  }

  async forgetGateway(gatewayId: string, limit = Number.POSITIVE_INFINITY): Promise<{ guests: string[]; done: boolean }> {
    const guests: string[] = [];
    for (const [guestId, c] of this.connections) {
      if (guests.length >= limit) return { guests, done: false };
      if (c.gatewayId !== gatewayId) continue;
      this.connections.delete(guestId);
      guests.push(guestId);
    }
    this.gateways.delete(gatewayId);
    this.unlinked.delete(gatewayId);
    return { guests, done: true };
  }

  async startGrace(guestId: string, deadline: number, quietSince?: number): Promise<boolean> {
    if (this.grace.has(guestId)) return false;
    this.grace.set(guestId, deadline);
    if (quietSince !== undefined) this.quiet.set(guestId, quietSince);
    return true;
  }

  async cancelGrace(guestId: string): Promise<GraceEnd> {
    const wasQuiet = this.quiet.delete(guestId);
    if (!this.grace.delete(guestId)) return null;
    return wasQuiet ? 'quiet' : 'announced';
  }

  async takeExpiredGrace(now: number): Promise<string[]> {
    const expired = takeUpTo(this.grace, now);
    for (const guestId of expired) this.quiet.delete(guestId);
    return expired;
  }

  async takeQuiet(since: number): Promise<string[]> {
    return takeUpTo(this.quiet, since);
  }

  async graceCount(): Promise<number> {
    return this.grace.size;
  }

  /** Sizes of the internal maps; for leak checks. */
  sizes(): { gateways: number; connections: number; grace: number; unlinked: number } {
    return { gateways: this.gateways.size, connections: this.connections.size, grace: this.grace.size + this.quiet.size, unlinked: this.unlinked.size };
  }
}

/** Removes and returns the keys whose time is at or before `until`. */
function takeUpTo(times: Map<string, number>, until: number): string[] {
  const due = [...times].filter(([, at]) => at <= until).map(([key]) => key);
  for (const key of due) times.delete(key);
  return due;
}
