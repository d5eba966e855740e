import { Inject, Injectable } from '@nestjs/common';
import { defineScript, duplicateClient, KeySpace, REDIS_CLIENT, type RedisClient, type ScriptRunner } from '@rendezvous/redis';
import { MatchmakingKeys } from '../matchmaking-keys.js';
import { PresenceRegistry, type GatewayLink, type GraceEnd, type GuestConnection } from './presence-registry.port.js';
import { ATTACH, CANCEL_GRACE, DETACH, FORGET_GATEWAY, GATEWAY_BEATS, HEARTBEAT, START_GRACE, TAKE_EXPIRED_GRACE, TAKE_QUIET } from './redis-presence.scripts.js';

/** Guests a gateway's forgetting takes per step (one bounded script each). */
const FORGET_SLICE = 200;

type Script = 'heartbeat' | 'beats' | 'attach' | 'detach' | 'forget';

/**
 * Presence in Redis: heartbeats in one `{mm}` hash the matchmaking scripts read in their own slot (alive
 * until a time taken from Redis's clock), socket records beside the queue's records, and a sharded link
 * subscription per gateway process whose drop the scripts see at once (PUBSUB SHARDNUMSUB, on the node
 * that owns the `{mm}` slot).
 */
@Injectable()
export class RedisPresenceRegistry extends PresenceRegistry {
  private readonly keys: MatchmakingKeys;
  private readonly scripts: Record<Script, ScriptRunner>;
  private readonly grace: Record<'start' | 'cancel' | 'takeExpired' | 'takeQuiet', ScriptRunner>;
  /** Gateways this process holds a link for; their heartbeats say so. */
  private readonly linked = new Set<string>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    root: KeySpace,
  ) {
    super();
    this.keys = new MatchmakingKeys(root);
    const keyCount = this.keys.presenceKeys.length;
    this.scripts = {
      heartbeat: defineScript(redis, 'presence_heartbeat', keyCount, HEARTBEAT),
      beats: defineScript(redis, 'presence_beats', keyCount, GATEWAY_BEATS),
      attach: defineScript(redis, 'presence_attach', keyCount, ATTACH),
      detach: defineScript(redis, 'presence_detach', keyCount, DETACH),
      forget: defineScript(redis, 'presence_forget_gateway', keyCount, FORGET_GATEWAY),
    };
    this.grace = {
      start: defineScript(redis, 'presence_start_grace', 2, START_GRACE),
      cancel: defineScript(redis, 'presence_cancel_grace', 2, CANCEL_GRACE),
      takeExpired: defineScript(redis, 'presence_take_grace', 2, TAKE_EXPIRED_GRACE),
      takeQuiet: defineScript(redis, 'presence_take_quiet', 1, TAKE_QUIET),
    };
  }

  private run(script: Script, ...args: Array<string | number>): Promise<unknown> {
    return this.scripts[script](this.keys.presenceKeys, args);
  }

  async heartbeat(gatewayId: string, online: number, ttlMs: number): Promise<void> {
    await this.run('heartbeat', gatewayId, online, ttlMs, this.linked.has(gatewayId) ? 1 : 0);
  }

  /**
   * A sharded subscription (SSUBSCRIBE) on a connection of its own: Redis drops it the moment the process dies.
   * Sharded, so that it sits on the node that owns the `{mm}` slot, where the matchmaking scripts count it
   * (PUBSUB SHARDNUMSUB); a plain subscription may sit on any node of a Redis Cluster, and each counts only its own.
   */
  async link(gatewayId: string): Promise<GatewayLink> {
    const connection = duplicateClient(this.redis, 'gateway-link', { lazyConnect: true, enableAutoPipelining: false });
    connection.on('error', () => undefined); // it reconnects and resubscribes by itself; heartbeats report outages
    try {
      await connection.connect();
      await connection.ssubscribe(this.keys.gatewayLink(gatewayId));
    } catch (error) {
      connection.disconnect();
      throw error;
    }
    this.linked.add(gatewayId);
    const restored: Array<() => void> = [];
    connection.on('ready', () => restored.forEach((listener) => listener()));
    return {
      onRestored: (listener) => restored.push(listener),
      close: async () => {
        restored.length = 0;
        this.linked.delete(gatewayId);
        await connection.sunsubscribe(this.keys.gatewayLink(gatewayId)).catch(() => undefined);
        await connection.quit().catch(() => connection.disconnect());
      },
    };
  }

  async removeGateway(gatewayId: string): Promise<void> {
    await this.redis.hdel(this.keys.gateways, gatewayId);
  }

  async isGatewayAlive(gatewayId: string): Promise<boolean> {
    const [clock, beat] = (await this.run('beats', gatewayId)) as [number, string | null];
    return beat !== null && aliveUntil(beat) > clock;
  }

  async deadGateways(): Promise<string[]> {
    return (await this.gatewayBeats()).filter(({ alive }) => !alive).map(({ gatewayId }) => gatewayId);
  }

  async onlineCount(): Promise<number> {
    return (await this.gatewayBeats()).reduce((sum, { alive, online }) => sum + (alive ? online : 0), 0);
  }

  async attach(guestId: string, connection: GuestConnection): Promise<void> {
    await this.run('attach', guestId, connection.gatewayId, connection.socketId);
  }

  async detach(guestId: string, socketId: string): Promise<boolean> {
    return (await this.run('detach', guestId, socketId)) === 1;
  }

  async connection(guestId: string): Promise<GuestConnection | null> {
    const value = await this.redis.hget(this.keys.records, `c:${guestId}`);
    if (value === null || value.startsWith('~')) return null;
    const split = value.lastIndexOf('|');
    return { gatewayId: value.slice(0, split), socketId: value.slice(split + 1) };
  }

  async guestsOf(gatewayId: string): Promise<string[]> {
    const members = await this.redis.zrangebylex(this.keys.gatewayGuests, `[${gatewayId}\t`, `(${gatewayId}\n`);
    return members.map((member) => member.slice(gatewayId.length + 1));
  }

  async forgetGateway(gatewayId: string, limit = FORGET_SLICE): Promise<{ guests: string[]; done: boolean }> {
    const [done, guests] = (await this.run('forget', gatewayId, limit)) as [number, string[]];
    return { guests, done: done === 1 };
  }

  async startGrace(guestId: string, deadline: number, quietSince?: number): Promise<boolean> {
    return Number(await this.grace.start([this.keys.grace, this.keys.graceQuiet], [guestId, deadline, quietSince ?? ''])) === 1;
  }

  async cancelGrace(guestId: string): Promise<GraceEnd> {
    const ended = Number(await this.grace.cancel([this.keys.grace, this.keys.graceQuiet], [guestId]));
    return ended === 0 ? null : ended === 2 ? 'quiet' : 'announced';
  }

  async takeExpiredGrace(now: number): Promise<string[]> {
    return (await this.grace.takeExpired([this.keys.grace, this.keys.graceQuiet], [now])) as string[];
  }

  async takeQuiet(since: number): Promise<string[]> {
    return (await this.grace.takeQuiet([this.keys.graceQuiet], [since])) as string[];
  }

  async graceCount(): Promise<number> {
    return this.redis.zcard(this.keys.grace);
  }

  private async gatewayBeats(): Promise<Array<{ gatewayId: string; alive: boolean; online: number }>> {
    const [clock, flat] = (await this.run('beats', '')) as [number, string[]];
    const beats: Array<{ gatewayId: string; alive: boolean; online: number }> = [];
    for (let i = 0; i < flat.length; i += 2) {
      beats.push({ gatewayId: flat[i], alive: aliveUntil(flat[i + 1]) > clock, online: Number(flat[i + 1].split('|')[1]) });
    }
    return beats;
  }
}

/** A heartbeat field is `<alive until>|<online>|<linked>`. */
function aliveUntil(beat: string): number {
  return Number(beat.slice(0, beat.indexOf('|')));
}
