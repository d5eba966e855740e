import { Injectable } from '@nestjs/common';
import type { ErrorCode } from '@rendezvous/contracts';
import { Metrics } from '@rendezvous/observability';
import { sendError, type RendezvousSocket } from './socket-types.js';

/** `webrtc:error` to the sender only, counted by code. */
@Injectable()
export class SocketErrors {
  constructor(private readonly metrics: Metrics) {}

  send(socket: RendezvousSocket, code: ErrorCode, message: string, event?: string): void {
    this.metrics.errorsTotal.inc({ code });
    sendError(socket, code, message, event);
  }
}
