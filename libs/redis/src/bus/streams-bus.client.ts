import { Logger } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { defer, mergeMap, Observable } from 'rxjs';
import { createRedisClient, type RedisClient } from '../create-redis-client.js';
import { decodeReply, encodeRequest, type BusReplyEnvelope } from './bus-envelope.js';
import { BusKeys, processName } from './bus-keys.js';
import { resolveBusOptions, type BusOptions, type ResolvedBusOptions } from './bus-options.js';

type StreamReply = Array<[string, Array<[string, string[]]>]> | null;

/** Metadata key the deadline travels under from `request` to `publish`. */
const DEADLINE = 'deadline';

/**
 * The calling end of the bus, a Nest ClientProxy: a request is XADDed to its service's stream (see
 * StreamsBusServer), with this process's reply stream as the address of the answer, which one
 * blocking XREAD loop reads and routes to the caller waiting for it.
 */
export class StreamsBusClient extends ClientProxy {
  private readonly options: ResolvedBusOptions;
  private readonly keys: BusKeys;
  private readonly replyStream: string;
  private readonly logger = new Logger('BusClient');
  private writer: RedisClient | null = null;
  private reader: RedisClient | null = null;
  private opened: Promise<void> | null = null;
  private lastReplyId = '0-0';
  private lastError = 0;

  constructor(options: BusOptions) {
    super();
    this.options = resolveBusOptions(options);
    this.keys = new BusKeys(this.options.prefix);
    this.replyStream = this.keys.replies(processName());
    this.initializeSerializer({});
    this.initializeDeserializer({});
  }

  connect(): Promise<void> {
    this.opened ??= this.open();
    return this.opened;
  }

  /**
   * A request with a deadline (epoch ms; dropped unexecuted by the service once past it) or none (0:
   * applied whenever a replica gets to it). Emits the one answer, or the error the service answered.
   */
  request<T>(pattern: string, data: unknown, deadline: number): Observable<T> {
    return defer(() => this.connect()).pipe(
      mergeMap(
        () =>
          new Observable<T>((observer) => {
            const packet = this.createPacket(pattern, data ?? {});
            packet.metadata = { ...packet.metadata, [DEADLINE]: String(deadline) };
            return this.publish(packet, this.createObserver(observer));
          }),
      ),
    );
  }

  async close(): Promise<void> {
    const [writer, reader] = [this.writer, this.reader];
    this.writer = this.reader = null;
    this.opened = null;
    const waiting = [...this.routingMap.values()];
    this.routingMap.clear();
    for (const callback of waiting) callback({ err: new Error('Connection closed') });
    reader?.disconnect(); // it is blocked in XREAD
    await writer?.quit().catch(() => writer.disconnect());
  }

  unwrap<T>(): T {
    if (!this.writer || !this.reader) throw new Error('Not initialized. Please call the "connect" method first.');
    return [this.writer, this.reader] as T;
  }

  override on(event: string, callback: (...args: unknown[]) => void): void {
    for (const client of [this.writer, this.reader]) client?.on(event, callback);
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const { id } = this.assignPacketId(packet);
    this.routingMap.set(id, callback);
    const { [DEADLINE]: deadline = '0', ...metadata } = packet.metadata ?? {};
    const pattern = this.normalizePattern(packet.pattern);
    const fields = encodeRequest({ id, pattern, data: packet.data, reply: this.replyStream, deadline: Number(deadline), metadata });
    this.add(pattern, fields).catch((error: unknown) => {
      const waiting = this.routingMap.get(id);
      this.routingMap.delete(id);
      waiting?.({ err: error });
    });
    return () => this.routingMap.delete(id);
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const pattern = this.normalizePattern(packet.pattern);
    await this.add(pattern, encodeRequest({ id: null, pattern, data: packet.data, reply: null, deadline: 0, metadata: packet.metadata }));
    return undefined as T;
  }

  /** XADDs a request (or event) to its service's stream. */
  protected add(pattern: string, fields: string[]): Promise<unknown> {
    if (!this.writer) return Promise.reject(new Error('Connection closed'));
    return this.writer.xadd(this.keys.requests(pattern), 'MAXLEN', '~', this.options.maxLength, '*', ...fields);
  }

  private async open(): Promise<void> {
    this.writer = createRedisClient(this.options.redis, 'bus-client');
    this.reader = createRedisClient(this.options.redis, 'bus-replies', { enableAutoPipelining: false, commandTimeout: this.options.blockMs + 5_000 });
    for (const client of [this.writer, this.reader]) client.on('error', () => undefined); // ioredis reconnects; requests fail fast meanwhile
    void this.readReplies(this.reader);
  }

  private async readReplies(reader: RedisClient): Promise<void> {
    while (this.reader === reader) {
      try {
        const reply = (await reader.xread('COUNT', 1_000, 'BLOCK', this.options.blockMs, 'STREAMS', this.replyStream, this.lastReplyId)) as StreamReply;
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            this.lastReplyId = id;
            const answer = decodeReply(fields);
            if (answer) this.deliver(answer);
          }
        }
      } catch (error) {
        if (this.reader !== reader) return;
        if (Date.now() - this.lastError > 1_000) {
          this.lastError = Date.now();
          this.logger.warn(`bus: reading replies failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** A reply nobody waits for (the caller gave up, or a request that ran twice) is ignored. */
  private deliver({ id, err, response }: BusReplyEnvelope): void {
    const callback = this.routingMap.get(id);
    if (!callback) return;
    this.routingMap.delete(id);
    callback(err !== undefined && err !== null ? { err } : { response, isDisposed: true });
  }
}
