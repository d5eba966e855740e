import type { IceConnectionStateLike, Timers } from './rtc-types.js';

export interface IceWatchdogHandlers {
  /** First time the connection does not come up in time: try one ICE restart. */
  restart(): void;
  /** Still not connected after the restart: end the call. */
  giveUp(): void;
}

/** Default: 15 s without connecting → one ICE restart → 15 s more → give up. */
export const ICE_CONNECT_TIMEOUT_MS = 15_000;

/** Supervises ICE: a timer while not connected, one restart, then give up. */
export class IceWatchdog {
  private timer: unknown = null;
  private restarted = false;

  constructor(
    private readonly timers: Timers,
    private readonly handlers: IceWatchdogHandlers,
    private readonly timeoutMs: number = ICE_CONNECT_TIMEOUT_MS,
  ) {}

  get hasRestarted(): boolean {
    return this.restarted;
  }

  get armed(): boolean {
    return this.timer !== null;
  }

  /** Negotiation started: the connection has `timeoutMs` to come up. */
  start(): void {
    if (!this.armed) this.arm();
  }

  onIceState(state: IceConnectionStateLike): void {
    switch (state) {
      case 'connected':
      case 'completed':
        this.disarm();
        this.restarted = false;
        return;
      case 'disconnected':
        this.start();
        return;
      case 'failed':
        this.disarm();
        this.expire();
        return;
      default:
        return;
    }
  }

  stop(): void {
    this.disarm();
    this.restarted = false;
  }

  private arm(): void {
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.expire();
    }, this.timeoutMs);
  }

  private disarm(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private expire(): void {
    if (this.restarted) {
      this.handlers.giveUp();
      return;
    }
    this.restarted = true;
    this.arm();
    this.handlers.restart();
  }
}
