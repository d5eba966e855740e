import type { Logger } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { createRedisClient, type RedisClient } from '../create-redis-client.js';
import { BUS_GROUP, processName } from './bus-keys.js';
import type { ResolvedBusOptions } from './bus-options.js';

/** One entry of a request stream, as delivered to this consumer. */
export interface StreamEntry {
  stream: string;
  id: string;
  fields: string[];
}

type StreamReply = Array<[string, Array<[string, string[]]>]> | null;

/** Dead consumers (no request pending, silent this long) are removed from the group. */
const FORGET_CONSUMER_AFTER_MS = 60_000;
const RETRY_MS = 500;

/**
 * One replica's membership in the consumer group of its service's request streams: reads new
 * requests (XREADGROUP), hands each to `handle` and, once it resolves, acknowledges and deletes it
 * (XACK + XDEL: the stream holds only requests still waiting). A request handed to a replica that
 * died is taken over after `claimIdleMs` (XAUTOCLAIM); requests still in hand are renewed (XCLAIM)
 * so a slow one is not. A `handle` that rejects leaves its request pending, to be tried again.
 */
export class StreamConsumer {
  readonly name = processName();
  /** A blocking reader per stream: in a Redis Cluster each stream lives on its own shard. */
  private readonly readers = new Map<string, RedisClient>();
  private writer: RedisClient | null = null;
  private running = false;
  private reading: Promise<void> = Promise.resolve();
  private claimTimer: NodeJS.Timeout | null = null;
  private claiming = false;
  private lastForget = Date.now();
  private readonly inFlight = new Map<string, { stream: string; id: string; since: number }>();
  private wakers: Array<() => void> = [];
  private lastError = 0;
  /** CLIENT ID of each reading connection (one Redis only), to wake its blocked read when stopping. */
  private readonly readerIds = new Map<RedisClient, number>();

  constructor(
    private readonly streams: string[],
    private readonly options: ResolvedBusOptions,
    private readonly handle: (entry: StreamEntry) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** The connection replies and acknowledgements go out on. */
  get connection(): RedisClient {
    if (!this.writer) throw new Error('the bus consumer is not started');
    return this.writer;
  }

  get connections(): RedisClient[] {
    return [this.writer, ...this.readers.values()].filter((client): client is RedisClient => client !== null);
  }

  async start(): Promise<void> {
    this.writer = createRedisClient(this.options.redis, 'bus-server');
    // Blocking reads get a connection of their own, never pipelined, with a timeout past the block.
    for (const stream of this.streams) {
      const reader = createRedisClient(this.options.redis, 'bus-consumer', { enableAutoPipelining: false, commandTimeout: this.options.blockMs + 5_000 });
      this.readers.set(stream, reader);
      if (!(reader instanceof Cluster)) reader.on('ready', () => void reader.client('ID').then((id) => this.readerIds.set(reader, Number(id)), () => undefined));
    }
    for (const client of this.connections) client.on('error', () => undefined); // ioredis reconnects; the loops report outages
    this.running = true;
    await this.ensureGroups().catch((error: unknown) => this.report('creating the consumer groups', error));
    this.reading = Promise.all([...this.readers].map(([stream, reader]) => this.readLoop(stream, reader))).then(() => undefined);
    this.scheduleClaim();
  }

  /** Stops reading; lets the requests in hand finish (up to `drainMs`), then leaves the group. */
  async stop(drainMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.claimTimer) clearTimeout(this.claimTimer);
    this.wakeReaders();
    // A blocked read returns at once (empty), rather than at the end of its block. In a cluster, CLIENT UNBLOCK
    // would go to any node: the reader is closed instead (a request it had just read is taken over after claimIdleMs).
    for (const reader of this.readers.values()) {
      const id = this.readerIds.get(reader);
      if (reader instanceof Cluster) reader.disconnect();
      else if (id !== undefined) await this.writer?.client('UNBLOCK', id).catch(() => undefined);
    }
    await this.reading;
    const deadline = Date.now() + drainMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) await sleep(20);
    if (this.inFlight.size === 0) await this.leaveGroup().catch(() => undefined);
    await Promise.all(this.connections.map((client) => client.quit().catch(() => client.disconnect())));
    this.readers.clear();
    this.readerIds.clear();
    this.writer = null;
  }

  private async readLoop(stream: string, reader: RedisClient): Promise<void> {
    while (this.running) {
      const room = this.options.maxInFlight - this.inFlight.size;
      if (room <= 0) {
        await new Promise<void>((resolve) => this.wakers.push(resolve));
        continue;
      }
      try {
        const reply = (await reader.xreadgroup('GROUP', BUS_GROUP, this.name, 'COUNT', Math.min(room, 64), 'BLOCK', this.options.blockMs, 'STREAMS', stream, '>')) as StreamReply;
        for (const [stream, entries] of reply ?? []) for (const [id, fields] of entries) this.dispatch({ stream, id, fields });
      } catch (error) {
        if (!this.running) break;
        if (String(error).includes('NOGROUP')) await this.ensureGroups().catch(() => undefined); // Redis lost its data
        else this.report('reading requests', error);
        await sleep(RETRY_MS);
      }
    }
  }

  private dispatch(entry: StreamEntry): void {
    const key = `${entry.stream} ${entry.id}`;
    if (this.inFlight.has(key)) return;
    this.inFlight.set(key, { stream: entry.stream, id: entry.id, since: Date.now() });
    this.handle(entry)
      .then(
        () => this.writer?.multi().xack(entry.stream, BUS_GROUP, entry.id).xdel(entry.stream, entry.id).exec(),
        (error: unknown) => this.report(`handling ${entry.id}`, error),
      )
      .catch((error: unknown) => this.report(`acknowledging ${entry.id}`, error))
      .finally(() => {
        this.inFlight.delete(key);
        this.wakeReaders();
      });
  }

  private wakeReaders(): void {
    for (const wake of this.wakers.splice(0)) wake();
  }

  private scheduleClaim(): void {
    if (!this.running) return;
    this.claimTimer = setTimeout(() => {
      void this.claim().finally(() => this.scheduleClaim());
    }, Math.max(50, Math.floor(this.options.claimIdleMs / 3)));
    this.claimTimer.unref();
  }

  /** Renews the requests in hand, takes over those a dead replica left, and forgets long-dead replicas. */
  private async claim(): Promise<void> {
    if (this.claiming || !this.writer) return;
    this.claiming = true;
    const writer = this.writer;
    try {
      await this.renew(writer);
      for (const stream of this.streams) {
        let cursor = '0-0';
        for (let round = 0; round < 10 && this.running; round++) {
          const room = this.options.maxInFlight - this.inFlight.size;
          if (room <= 0) break;
          const [next, entries] = (await writer.xautoclaim(stream, BUS_GROUP, this.name, this.options.claimIdleMs, cursor, 'COUNT', room)) as [
            string,
            Array<[string, string[] | null]>,
          ];
          for (const [id, fields] of entries) {
            if (!fields) continue; // deleted while pending (trimmed): nothing left to do
            this.logger.warn(`took over request ${id} of ${stream} from a replica that stopped answering`);
            this.dispatch({ stream, id, fields });
          }
          cursor = next;
          if (cursor === '0-0') break;
        }
      }
      if (Date.now() - this.lastForget > FORGET_CONSUMER_AFTER_MS / 2) {
        this.lastForget = Date.now();
        await this.forgetDeadConsumers(writer);
      }
    } catch (error) {
      if (String(error).includes('NOGROUP')) await this.ensureGroups().catch(() => undefined);
      else this.report('taking over requests', error);
    } finally {
      this.claiming = false;
    }
  }

  /** XCLAIM of our own requests resets their idle time, so nobody takes over a request we are still on. */
  private async renew(writer: RedisClient): Promise<void> {
    const due = Date.now() - this.options.claimIdleMs / 3;
    const byStream = new Map<string, string[]>();
    for (const { stream, id, since } of this.inFlight.values()) {
      if (since > due) continue;
      byStream.set(stream, [...(byStream.get(stream) ?? []), id]);
    }
    await Promise.all([...byStream].map(([stream, ids]) => writer.xclaim(stream, BUS_GROUP, this.name, 0, ...ids, 'JUSTID')));
  }

  private async forgetDeadConsumers(writer: RedisClient): Promise<void> {
    for (const stream of this.streams) {
      const consumers = (await writer.xinfo('CONSUMERS', stream, BUS_GROUP)) as Array<Array<string | number>>;
      for (const info of consumers) {
        const fields = new Map<string, string | number>();
        for (let i = 0; i + 1 < info.length; i += 2) fields.set(String(info[i]), info[i + 1]);
        const name = String(fields.get('name'));
        if (name !== this.name && Number(fields.get('pending')) === 0 && Number(fields.get('idle')) > FORGET_CONSUMER_AFTER_MS) {
          await writer.xgroup('DELCONSUMER', stream, BUS_GROUP, name);
        }
      }
    }
  }

  /** From the start of the stream: requests sent before any replica existed are served too (their deadlines decide). */
  private async ensureGroups(): Promise<void> {
    for (const stream of this.streams) {
      await this.writer!.xgroup('CREATE', stream, BUS_GROUP, '0', 'MKSTREAM').catch((error: unknown) => {
        if (!String(error).includes('BUSYGROUP')) throw error;
      });
    }
  }

  private async leaveGroup(): Promise<void> {
    for (const stream of this.streams) {
      const pending = (await this.writer!.xpending(stream, BUS_GROUP, '-', '+', 1, this.name)) as unknown[];
      if (pending.length === 0) await this.writer!.xgroup('DELCONSUMER', stream, BUS_GROUP, this.name);
    }
  }

  /** At most one line a second: an outage must not flood the log. */
  private report(what: string, error: unknown): void {
    if (Date.now() - this.lastError < 1_000) return;
    this.lastError = Date.now();
    this.logger.warn(`bus: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
