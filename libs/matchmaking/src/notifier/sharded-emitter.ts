import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { BroadcastSource } from './socket-server.notifier.js';

/** socket.io-adapter's ClusterAdapter message types (the sharded redis adapter speaks them). */
const MessageType = { Broadcast: 3, SocketsJoin: 4, SocketsLeave: 5, DisconnectSockets: 6 } as const;
/** socket.io-parser's EVENT packet type. */
const EVENT_PACKET = 2;
/** The sender id the adapters treat as "an emitter, not a server". */
const EMITTER_UID = 'emitter';

/**
 * What @socket.io/redis-emitter does for the classic adapter, for `createShardedAdapter` in its "static"
 * subscription mode (see createRedisIoAdapter): the emitter only knows PUBLISH, while the sharded adapter
 * listens with SSUBSCRIBE. Messages are the adapter's own JSON, on the namespace's channel.
 */
export class ShardedEmitter implements BroadcastSource {
  private readonly logger = new Logger(ShardedEmitter.name);
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    channelPrefix: string,
    private readonly nsp = '/',
  ) {
    this.channel = `${channelPrefix}#${nsp}#`;
  }

  to(room: string): { emit(event: string, ...args: unknown[]): Promise<void> } {
    return {
      emit: (event, ...args) =>
        this.publish(this.channel, MessageType.Broadcast, {
          packet: { type: EVENT_PACKET, data: [event, ...args], nsp: this.nsp },
          opts: { rooms: [room], except: [], flags: {} },
        }),
    };
  }

  in(room: string) {
    const opts = { rooms: [room], except: [] };
    return {
      socketsJoin: (target: string) => this.publish(this.channel, MessageType.SocketsJoin, { opts, rooms: [target] }),
      socketsLeave: (target: string) => this.publish(this.channel, MessageType.SocketsLeave, { opts, rooms: [target] }),
      disconnectSockets: (close = false) => this.publish(this.channel, MessageType.DisconnectSockets, { opts, close }),
    };
  }

  /** Settles once Redis took the message; a failure is logged (the notifier fires and forgets). */
  private async publish(channel: string, type: number, data: unknown): Promise<void> {
    try {
      await this.redis.spublish(channel, JSON.stringify({ uid: EMITTER_UID, nsp: this.nsp, type, data }));
    } catch (error) {
      this.logger.warn(`sharded publish of message type ${type} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
