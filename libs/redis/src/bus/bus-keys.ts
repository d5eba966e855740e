import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** The consumer group every replica of a service reads its request stream in. */
export const BUS_GROUP = 'replicas';

/**
 * Keys of the bus, all under one prefix (`rdv:bus:` by default): a request stream per service
 * (`rdv:bus:matchmaking`), read by that service's replicas as one consumer group, and a reply stream
 * per client process (`rdv:bus:reply:<client id>`), read by that process only.
 */
export class BusKeys {
  constructor(readonly prefix: string) {}

  /** The request stream of the service a pattern belongs to (`matchmaking.join-many` → `matchmaking`). */
  requests(pattern: string): string {
    const dot = pattern.indexOf('.');
    return `${this.prefix}${dot > 0 ? pattern.slice(0, dot) : pattern}`;
  }

  replies(clientId: string): string {
    return `${this.prefix}reply:${clientId}`;
  }

  /** Only a reply stream of this bus may be written to as a reply (a request names its own). */
  isReplyStream(key: string): boolean {
    return key.startsWith(`${this.prefix}reply:`) && key.length > this.prefix.length + 6;
  }
}

/** A name for this process on the bus: a consumer of the group, or a client's reply stream. */
export function processName(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}
