import { Logger } from '@nestjs/common';

export interface Caller {
  id: string;
  username: string;
}

interface PendingCall {
  timer: NodeJS.Timeout;
  caller: Caller;
}

/**
 * Unanswered offers, per pair room, on the gateway that relayed the offer. An answer, reject or
 * hang-up settles it (other gateways are told through serverSideEmit); otherwise it fires once.
 */
export class CallTimeouts {
  private readonly logger = new Logger(CallTimeouts.name);
  private readonly pending = new Map<string, PendingCall>();

  constructor(
    private readonly timeoutMs: number,
    private readonly onTimeout: (room: string, caller: Caller) => void,
  ) {}

  start(room: string, caller: Caller): void {
    this.settle(room);
    const timer = setTimeout(() => {
      this.pending.delete(room);
      this.logger.log(`call timed out room=${room} caller=${caller.id}`);
      this.onTimeout(room, caller);
    }, this.timeoutMs);
    timer.unref();
    this.pending.set(room, { timer, caller });
  }

  /** True when this gateway held the pending call. */
  settle(room: string): boolean {
    const call = this.pending.get(room);
    if (!call) return false;
    clearTimeout(call.timer);
    this.pending.delete(room);
    return true;
  }

  clear(): void {
    for (const room of [...this.pending.keys()]) this.settle(room);
  }

  get size(): number {
    return this.pending.size;
  }
}
