import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type WritePacket } from '@nestjs/microservices';
import type { RedisClient } from '../create-redis-client.js';
import { decodeRequest, encodeReply, type BusRequestEnvelope } from './bus-envelope.js';
import { BusKeys } from './bus-keys.js';
import { resolveBusOptions, type BusOptions, type ResolvedBusOptions } from './bus-options.js';
import { StreamConsumer, type StreamEntry } from './stream-consumer.js';
import { StreamsBusContext } from './streams-bus.context.js';

export const STREAMS_BUS_TRANSPORT = Symbol('REDIS_STREAMS_BUS');
const REPLY_STREAM_MAX = 1_000;

/**
 * The service end of the bus, a Nest custom transport: every replica of a service is a consumer of
 * one group on the service's request stream, so each request is handled by exactly one live replica
 * and a replica that dies hands its requests on (see StreamConsumer). The answer goes to the
 * calling process's own reply stream only. A request past its deadline is dropped, never run late.
 */
export class StreamsBusServer extends Server implements CustomTransportStrategy {
  override transportId = STREAMS_BUS_TRANSPORT;
  private readonly options: ResolvedBusOptions;
  private readonly keys: BusKeys;
  private consumer: StreamConsumer | null = null;
  private readonly busLogger = new Logger('Bus');
  private dropped = { count: 0, since: 0 };

  constructor(options: BusOptions) {
    super();
    this.options = resolveBusOptions(options);
    this.keys = new BusKeys(this.options.prefix);
    this.initializeSerializer({});
    this.initializeDeserializer({});
  }

  listen(callback: (error?: unknown) => void): void {
    const streams = [...new Set([...this.messageHandlers.keys()].map((pattern) => this.keys.requests(pattern)))];
    this.consumer = new StreamConsumer(streams, this.options, (entry) => this.handleEntry(entry), this.busLogger);
    this.consumer.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
  }

  on(): void {
    // Connection events are reported by the consumer's loops.
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('Not listening: call listen (startAllMicroservices) first.');
    return this.consumer.connections as T;
  }

  /** Our patterns are plain strings: a direct lookup skips Nest's JSON.parse attempt of every pattern. */
  override getHandlerByPattern(pattern: string) {
    return this.messageHandlers.get(pattern) ?? super.getHandlerByPattern(pattern);
  }

  private async handleEntry(entry: StreamEntry): Promise<void> {
    let request: BusRequestEnvelope;
    try {
      request = decodeRequest(entry.fields);
    } catch {
      this.busLogger.warn(`dropped entry ${entry.id} of ${entry.stream}: not a bus request`);
      return;
    }
    if (request.deadline > 0 && Date.now() > request.deadline) return this.drop(request);
    const context = new StreamsBusContext([entry.stream, request.metadata]);
    if (request.id === null || request.reply === null) {
      await this.handleEvent(request.pattern, { pattern: request.pattern, data: request.data }, context);
      return;
    }
    if (!this.keys.isReplyStream(request.reply)) {
      this.busLogger.warn(`dropped ${request.pattern} ${request.id}: its reply stream is not one of this bus`);
      return;
    }
    const handler = this.getHandlerByPattern(request.pattern);
    const answer = handler ? await this.answer(request, handler, context) : { err: `There is no matching message handler defined in the remote service.` };
    await this.reply(request.reply, request.id, answer);
  }

  /** Runs the handler through Nest's pipeline (guards, pipes, filters, hooks) and collects its one answer. */
  private answer(request: BusRequestEnvelope, handler: NonNullable<ReturnType<Server['getHandlerByPattern']>>, context: StreamsBusContext): Promise<WritePacket> {
    return new Promise<WritePacket>((resolve) => {
      let last: unknown;
      const respond = (packet: WritePacket) => {
        if (packet.err !== undefined) return resolve({ err: packet.err });
        if (packet.response !== undefined) last = packet.response;
        if (packet.isDisposed) resolve({ response: last });
      };
      const running = this.handleRequest(context, async () => this.transformToObservable(await handler(request.data, context)), respond) as unknown;
      Promise.resolve(running).catch((error: unknown) => {
        this.busLogger.error(`${request.pattern} failed: ${error instanceof Error ? error.message : String(error)}`);
        resolve({ err: { status: 'error', message: 'Internal server error' } });
      });
    });
  }

  /** The answer and its stream's expiry in one transaction: a reply stream never outlives its client by long. */
  private async reply(stream: string, id: string, answer: WritePacket): Promise<void> {
    const writer: RedisClient = this.consumer!.connection;
    await writer
      .multi()
      .xadd(stream, 'MAXLEN', '~', REPLY_STREAM_MAX, '*', ...encodeReply({ id, err: answer.err, response: answer.response }))
      .pexpire(stream, this.options.replyTtlMs)
      .exec();
  }

  /** The caller has given up on it: running it now would act on a request nobody waits for. Logged once a second. */
  private drop(request: BusRequestEnvelope): void {
    this.dropped.count++;
    const now = Date.now();
    if (now - this.dropped.since < 1_000) return;
    this.busLogger.warn(`dropped ${this.dropped.count} request(s) past their deadline (last: ${request.pattern}, ${now - request.deadline} ms late)`);
    this.dropped = { count: 0, since: now };
  }
}
