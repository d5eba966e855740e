export interface BackoffSettings {
  /** Ceiling of the first retry's delay. */
  baseMs: number;
  /** The ceiling never grows past this. */
  capMs: number;
}

/**
 * The web app's reconnection delays: the first retry within 1 s, the ceiling doubling to 8 s, so that a
 * gateway's whole crowd, dropped at once, comes back over seconds and still well inside the 20-s window
 * in which the server keeps a pairing.
 */
export const RECONNECT_BACKOFF: BackoffSettings = { baseMs: 1_000, capMs: 8_000 };

/**
 * Exponential backoff with full jitter: retry n waits a uniformly random time in [0, min(cap, base·2ⁿ)).
 * Clients dropped together (a crashed gateway, a network blip) thus spread over the whole interval
 * instead of retrying in waves.
 *
 * Not socket.io-client's own reconnection: its `randomizationFactor` f draws from [(1−f)·d, (1+f)·d] around
 * d = base·2ⁿ, a band around the same instant, and then caps at `reconnectionDelayMax` with no jitter left,
 * so every client past a few attempts retries in lockstep at exactly the maximum.
 */
export class FullJitterBackoff {
  private attempt = 0;

  constructor(
    private readonly settings: BackoffSettings = RECONNECT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Attempts made since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt, and counts the attempt. */
  nextDelayMs(): number {
    const ceiling = this.ceilingMs(this.attempt);
    this.attempt++;
    return Math.floor(this.random() * ceiling);
  }

  /** The next delay's upper bound (exclusive). */
  ceilingMs(attempt = this.attempt): number {
    return Math.min(this.settings.capMs, this.settings.baseMs * 2 ** Math.min(attempt, 30));
  }

  reset(): void {
    this.attempt = 0;
  }
}
