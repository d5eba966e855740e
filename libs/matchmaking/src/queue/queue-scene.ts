import { randomUUID } from 'node:crypto';
import type { PresenceRegistry } from '../presence/presence-registry.port.js';
import type { MatchQueueSubject } from './match-queue.contract.js';
import type { MatchQueue } from './match-queue.port.js';
import type { JoinResult, MatchRules, QueueEntry } from './queue-entry.js';

/**
 * The MatchQueue contract suites' scene: guests on one live gateway, joining on a logical clock (join
 * times and `rules.now` come from it, so no test waits for the interest fallback), each with a live
 * socket attached (as its gateway does) before it joins.
 */
export class QueueScene {
  /** Logical time in ms; each new guest or join again moves it 10 ms on. */
  clock = 1_700_000_000_000;

  constructor(
    private readonly queue: MatchQueue,
    private readonly presence: PresenceRegistry,
    readonly gateway: string,
    private readonly fallbackMs: number,
    private readonly pairTtlMs: number,
  ) {}

  /** A guest that joins now (each one later than the one before). */
  guest(overrides: Partial<QueueEntry> = {}): QueueEntry {
    this.clock += 10;
    const guestId = randomUUID();
    return {
      guestId,
      username: `Guest ${guestId.slice(0, 8)}`,
      deviceId: `device-${guestId}`,
      interests: [],
      joinedAt: this.clock,
      gatewayId: this.gateway,
      ...overrides,
    };
  }

  /** A scene on a fresh gateway that heartbeats for `pairTtlMs`, so its guests can be paired. */
  static async onLiveGateway(queue: MatchQueue, presence: PresenceRegistry, fallbackMs: number, pairTtlMs: number): Promise<QueueScene> {
    const gateway = `gw-${randomUUID()}`;
    await presence.heartbeat(gateway, 1, pairTtlMs);
    return new QueueScene(queue, presence, gateway, fallbackMs, pairTtlMs);
  }

  /** A contract test's start: a fresh subject, its queue, and a scene on a live gateway. */
  static async forSubject(
    makeSubject: () => MatchQueueSubject | Promise<MatchQueueSubject>,
    fallbackMs: number,
    pairTtlMs: number,
  ): Promise<{ subject: MatchQueueSubject; queue: MatchQueue; presence: PresenceRegistry; scene: QueueScene }> {
    const subject = await makeSubject();
    return { subject, queue: subject.queue, presence: subject.presence, scene: await QueueScene.onLiveGateway(subject.queue, subject.presence, fallbackMs, pairTtlMs) };
  }

  rules(now = this.clock): MatchRules {
    return { now, fallbackMs: this.fallbackMs, pairTtlMs: this.pairTtlMs };
  }

  /** The same guest searching again, later. */
  again(entry: QueueEntry): QueueEntry {
    this.clock += 10;
    return { ...entry, joinedAt: this.clock };
  }

  /** Their gateway attaches a socket for each, as it does when a guest connects. */
  async online(...entries: QueueEntry[]): Promise<void> {
    for (const { guestId, gatewayId } of entries) await this.presence.attach(guestId, { socketId: `socket-${guestId}`, gatewayId });
  }

  /** Their sockets close (as their gateway detaches them). */
  async offline(...entries: QueueEntry[]): Promise<void> {
    for (const { guestId } of entries) await this.presence.detach(guestId, `socket-${guestId}`);
  }

  /** They join together, in this order (a batch, as a gateway sends the joins of one turn). */
  async joinAll(entries: QueueEntry[]): Promise<JoinResult[]> {
    await this.online(...entries);
    return this.queue.joinMany(entries, this.rules());
  }

  async join(entry: QueueEntry, requestId?: string): Promise<JoinResult> {
    await this.online(entry);
    return this.queue.join(entry, this.rules(Math.max(this.clock, entry.joinedAt)), { requestId });
  }
}

/** The partner a join was paired with, or what it did instead (null when queued). */
export function partnerOf(result: JoinResult): string | null | Exclude<JoinResult, object | null> {
  return result && typeof result === 'object' ? result.other.guestId : result;
}
