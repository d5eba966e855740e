import { Injectable } from '@nestjs/common';
import { SocketServerRef } from '@rendezvous/matchmaking';
import { Metrics } from '@rendezvous/observability';
import { Gauge } from 'prom-client';
import { TokenExpiryService } from '../auth/token-expiry.service.js';
import { RelayService } from '../relay/relay.service.js';

/**
 * The gateway's in-memory state, sized at scrape time: once every guest has left, each of these is
 * back to zero; one that only grows is a leak an operator can see on /metrics.
 */
@Injectable()
export class GatewayGauges {
  constructor(metrics: Metrics, relay: RelayService, tokens: TokenExpiryService, serverRef: SocketServerRef) {
    const registers = [metrics.registry];
    new Gauge({
      name: 'rendezvous_gateway_pending_timers',
      help: 'Per-guest timers this gateway holds: unanswered-offer timeouts and token expiries',
      labelNames: ['kind'],
      registers,
      collect() {
        this.set({ kind: 'call-timeout' }, relay.pendingCalls);
        this.set({ kind: 'token-expiry' }, tokens.size);
      },
    });
    new Gauge({
      name: 'rendezvous_gateway_state_entries',
      help: "Entries of the gateway's Socket.IO maps: local sockets, rooms, and sockets' room lists",
      labelNames: ['map'],
      registers,
      collect() {
        const namespace = serverRef.server?.of('/');
        this.set({ map: 'sockets' }, namespace?.sockets.size ?? 0);
        this.set({ map: 'rooms' }, namespace?.adapter.rooms.size ?? 0);
        this.set({ map: 'socket-rooms' }, namespace?.adapter.sids.size ?? 0);
      },
    });
  }
}
