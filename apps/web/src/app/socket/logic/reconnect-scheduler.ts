import type { Timers } from '../../call/logic/rtc-types.js';
import { FullJitterBackoff } from './full-jitter-backoff.js';

export interface ReconnectActions {
  /** Try to connect now. */
  attempt(): void;
  /** The window ran out without a connection. */
  giveUp(): void;
}

/**
 * When the socket tries to come back: after a loss, attempts spaced by full-jitter backoff until one
 * connects or the reconnection window (the server keeps a pairing that long) runs out.
 */
export class ReconnectScheduler {
  private windowTimer: unknown = null;
  private attemptTimer: unknown = null;

  constructor(
    private readonly timers: Timers,
    private readonly windowMs: number,
    private readonly actions: ReconnectActions,
    private readonly backoff = new FullJitterBackoff(),
  ) {}

  /** Whether a loss is being recovered from (the window is open). */
  get recovering(): boolean {
    return this.windowTimer !== null;
  }

  /**
   * The connection is gone (or never came up): open the window if it is not open yet, and retry after a
   * backoff delay unless `retry` is false (the server closed us on purpose: wait to be told to reconnect).
   */
  lost(retry = true): void {
    if (this.windowTimer === null) {
      this.windowTimer = this.timers.setTimeout(() => {
        this.windowTimer = null;
        this.clearAttempt();
        this.backoff.reset();
        this.actions.giveUp();
      }, this.windowMs);
    }
    if (retry) this.scheduleAttempt();
  }

  /** An attempt failed: the next one after a longer (random) delay. */
  attemptFailed(): void {
    if (this.recovering) this.scheduleAttempt();
  }

  /** Attempt at once (the server asked us to move, or a new token): the window keeps running. */
  now(): void {
    this.lost(false);
    this.clearAttempt();
    this.actions.attempt();
  }

  /** Connected: the episode is over and the next loss starts from the shortest delay. */
  connected(): void {
    this.stop();
    this.backoff.reset();
  }

  /** No more attempts (the user left, or gave up). */
  stop(): void {
    if (this.windowTimer !== null) this.timers.clearTimeout(this.windowTimer);
    this.windowTimer = null;
    this.clearAttempt();
  }

  private scheduleAttempt(): void {
    if (this.attemptTimer !== null) return;
    this.attemptTimer = this.timers.setTimeout(() => {
      this.attemptTimer = null;
      this.actions.attempt();
    }, this.backoff.nextDelayMs());
  }

  private clearAttempt(): void {
    if (this.attemptTimer !== null) this.timers.clearTimeout(this.attemptTimer);
    this.attemptTimer = null;
  }
}
