import { Logger } from '@nestjs/common';
import type { RedisClient } from '@rendezvous/redis';
import type { BroadcastSource } from './socket-server.notifier.js';

/** socket.io-adapter's ClusterAdapter message types (the sharded redis adapter speaks them). */
const MessageType = { Broadcast: 3, SocketsJoin: 4, SocketsLeave: 5, DisconnectSockets: 6 } as const;
/** socket.io-parser's EVENT packet type. */
const EVENT_PACKET = 2;
/** The sender id the adapters treat as "an emitter, not a server". */
const EMITTER_UID = 'emitter';

/**
 * What @socket.io/redis-emitter does for the classic adapter, for `createShardedAdapter` in its "dynamic"
 * subscription mode (see createRedisIoAdapter): the emitter only knows PUBLISH, while the sharded adapter
 * listens with SSUBSCRIBE, a channel per room. Everything here is addressed to one room and goes on that
 * room's channel (`<prefix>#/#<room>#`), the adapter's own JSON: only the gateways with a socket in the room
 * hear it, and what is sent to one guest's room (pair joins, match:found, disconnects) arrives in order.
 */
export class ShardedEmitter implements BroadcastSource {
  private readonly logger = new Logger(ShardedEmitter.name);

  constructor(
    private readonly redis: RedisClient,
    private readonly channelPrefix: string,
    private readonly nsp = '/',
  ) {}

  to(room: string): { emit(event: string, ...args: unknown[]): Promise<void> } {
    return {
      emit: (event, ...args) =>
        this.publish(room, MessageType.Broadcast, {
          packet: { type: EVENT_PACKET, data: [event, ...args], nsp: this.nsp },
          opts: { rooms: [room], except: [], flags: {} },
        }),
    };
  }

  in(room: string) {
    const opts = { rooms: [room], except: [] };
    const list = (rooms: string | string[]) => (Array.isArray(rooms) ? rooms : [rooms]);
    return {
      socketsJoin: (rooms: string | string[]) => this.publish(room, MessageType.SocketsJoin, { opts, rooms: list(rooms) }),
      socketsLeave: (rooms: string | string[]) => this.publish(room, MessageType.SocketsLeave, { opts, rooms: list(rooms) }),
      disconnectSockets: (close = false) => this.publish(room, MessageType.DisconnectSockets, { opts, close }),
    };
  }

  /** Settles once Redis took the message; a failure is logged (the notifier fires and forgets). */
  private async publish(room: string, type: number, data: unknown): Promise<void> {
    try {
      await this.redis.spublish(`${this.channelPrefix}#${this.nsp}#${room}#`, JSON.stringify({ uid: EMITTER_UID, nsp: this.nsp, type, data }));
    } catch (error) {
      this.logger.warn(`sharded publish of message type ${type} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
