import { Injectable, Logger } from '@nestjs/common';
import type { RendezvousSocket } from '../socket-types.js';

/**
 * Logs each kind of violation (flooding, invalid payloads, ...) once per socket: a burst of thousands
 * of bad events is one line, not thousands. The count of refusals is in the metrics.
 */
@Injectable()
export class ViolationLog {
  private readonly logger = new Logger('Violations');
  private readonly seen = new WeakMap<RendezvousSocket, Set<string>>();

  warn(socket: RendezvousSocket, kind: string, message: string): void {
    if (this.first(socket, kind)) this.logger.warn(message);
  }

  debug(socket: RendezvousSocket, kind: string, message: string): void {
    if (this.first(socket, kind)) this.logger.debug(message);
  }

  private first(socket: RendezvousSocket, kind: string): boolean {
    const kinds = this.seen.get(socket) ?? new Set<string>();
    this.seen.set(socket, kinds);
    if (kinds.has(kind)) return false;
    kinds.add(kind);
    return true;
  }
}
