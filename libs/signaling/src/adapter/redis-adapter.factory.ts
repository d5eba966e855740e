import type { RedisTarget, SocketAdapterKind } from '@rendezvous/config';
import { PEER_ROOM_PREFIX } from '@rendezvous/matchmaking';
import { createRedisClient, type RedisClient } from '@rendezvous/redis';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type { Namespace, ServerOptions } from 'socket.io';
import { SubscriptionLedger } from './subscription-ledger.js';
import type { RoomSubscriptions } from './room-subscriptions.js';

/**
 * The socket.io redis adapter on its own pub/sub connections; returns the adapter and its clients to close.
 *
 * `redis-sharded` (the one with a Redis Cluster): sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7+) in the
 * "dynamic" subscription mode, a channel per room, so a gateway hears only the rooms it has sockets in, and
 * each channel lives on one shard. A room's channel is subscribed when its first socket here joins it; the
 * adapter does not wait for that, so the gateway does where it matters (RoomSubscriptions): a guest's room
 * is subscribed before its connect is handled, and relays go to the partner's guest room (see RelayService).
 * `redis`: the classic adapter (PUBLISH, one pattern subscription for everything), for a single Redis.
 */
export function createRedisIoAdapter(
  target: RedisTarget | string,
  keyPrefix: string,
  kind: SocketAdapterKind = 'redis',
): { adapter: ServerOptions['adapter']; clients: RedisClient[] } {
  const pub = createRedisClient(target, 'io-pub');
  // No ready check: ioredis would send INFO after the adapter's early (S)SUBSCRIBE and be refused (ioredis#2037).
  // The adapter subscribes once, at creation, and ignores the outcome: if that subscribe were dropped
  // (one failed connect with maxRetriesPerRequest 1, or a 3-s command timeout on a slow start) the
  // gateway would never hear another gateway again. So it waits for the connection; after that,
  // ioredis re-subscribes by itself on every reconnect (and, in a cluster, on the new owner of a slot).
  const sub = createRedisClient(target, 'io-sub', { enableReadyCheck: false, enableAutoPipelining: false, maxRetriesPerRequest: null, commandTimeout: undefined });
  const channel = `${keyPrefix}socket.io`;
  if (kind !== 'redis-sharded') return { adapter: createAdapter(pub, sub, { key: channel }) as ServerOptions['adapter'], clients: [pub, sub] };

  const ledger = new SubscriptionLedger(sub);
  const sharded = createShardedAdapter(pub, sub, { channelPrefix: channel, subscriptionMode: 'dynamic' });
  // socket.io calls it with `new`: a function, not an arrow (as createShardedAdapter's own).
  const adapter = function roomAwareShardedAdapter(nsp: Namespace) {
    // shouldUseASeparateNamespace is private in the library's types; it decides, per room, whether a room gets a channel.
    const instance = sharded(nsp) as unknown as RoomSubscriptions & { shouldUseASeparateNamespace(room: string): boolean };
    // Peer rooms only name a socket's partner; nothing is sent to them, so they need no channel.
    const separate = instance.shouldUseASeparateNamespace.bind(instance);
    instance.shouldUseASeparateNamespace = (room) => !room.startsWith(PEER_ROOM_PREFIX) && separate(room);
    instance.roomSubscribed = (room) => ledger.settled(`${channel}#${nsp.name}#${room}#`);
    return instance;
  };
  return { adapter: adapter as unknown as ServerOptions['adapter'], clients: [pub, sub] };
}
