import type { IceCandidateInit } from './rtc-types.js';

/** Above this many queued candidates, the queue is applied as one parallel batch (the seed's rule). */
export const ICE_BATCH_THRESHOLD = 10;

/**
 * Holds remote ICE candidates until the remote description is set, so none is lost
 * when they arrive before the offer/answer was applied (or while the callee is still
 * looking at the incoming-call dialog).
 */
export class IceCandidateQueue {
  private pending: IceCandidateInit[] = [];

  constructor(
    private readonly hasRemoteDescription: () => boolean,
    private readonly apply: (candidate: IceCandidateInit) => Promise<void>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  /** Applies the candidate now if possible, otherwise queues it. */
  async add(candidate: IceCandidateInit): Promise<void> {
    if (this.hasRemoteDescription() && this.pending.length === 0) {
      await this.applySafely(candidate);
      return;
    }
    this.pending.push(candidate);
    if (this.hasRemoteDescription()) await this.flush();
  }

  /** Call after every setRemoteDescription: applies whatever was queued. Returns how many. */
  async flush(): Promise<number> {
    if (!this.hasRemoteDescription() || this.pending.length === 0) return 0;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > ICE_BATCH_THRESHOLD) {
      await Promise.all(batch.map((candidate) => this.applySafely(candidate)));
    } else {
      for (const candidate of batch) await this.applySafely(candidate);
    }
    return batch.length;
  }

  /** Drops every queued candidate (cleanup on every exit path). */
  clear(): void {
    this.pending = [];
  }

  private async applySafely(candidate: IceCandidateInit): Promise<void> {
    try {
      await this.apply(candidate);
    } catch (error) {
      this.onError(error);
    }
  }
}
