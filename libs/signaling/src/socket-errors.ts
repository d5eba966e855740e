import { Injectable } from '@nestjs/common';
import { ErrorCodes, type ErrorCode } from '@rendezvous/contracts';
import { Metrics } from '@rendezvous/observability';
import { sendError, type RendezvousSocket } from './socket-types.js';

/** `webrtc:error` to the sender only, counted by code. */
@Injectable()
export class SocketErrors {
  constructor(private readonly metrics: Metrics) {}

  send(socket: RendezvousSocket, code: ErrorCode, message: string, event?: string): void {
    this.metrics.errorsTotal.inc({ code });
    // Every limiter refuses through here, so the rate-limited counter cannot miss one.
    if (code === ErrorCodes.RateLimited) this.metrics.rateLimitedTotal.inc({ limit: event ?? 'socket' });
    sendError(socket, code, message, event);
  }
}
