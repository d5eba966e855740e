import { Inject, Injectable } from '@nestjs/common';
import { defineScript, KeySpace, REDIS_CLIENT, type ScriptRunner } from '@rendezvous/redis';
import type { Redis } from 'ioredis';
import { MatchmakingKeys } from '../matchmaking-keys.js';
import { PresenceRegistry, type GatewayLink, type GraceEnd, type GuestConnection } from './presence-registry.port.js';

/** A dead gateway's guest list outlives its heartbeat by this factor, so a sweeper can still find them. */
const GUEST_LIST_TTL_FACTOR = 10;

const ATTACH = `
local p, guest, gw, socket, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local old = redis.call('GET', p..'conn:'..guest)
if old then
  local oldGw = string.match(old, '^(.*)|')
  if oldGw ~= gw then redis.call('HDEL', p..'gwguests:'..oldGw, guest) end
end
redis.call('SET', p..'conn:'..guest, gw..'|'..socket, 'PX', ttl)
redis.call('HSET', p..'gwguests:'..gw, guest, socket)
return 1`;

const DETACH = `
local p, guest, socket = ARGV[1], ARGV[2], ARGV[3]
local current = redis.call('GET', p..'conn:'..guest)
if not current then return 0 end
local gw, currentSocket = string.match(current, '^(.*)|(.*)$')
if currentSocket ~= socket then return 0 end
redis.call('DEL', p..'conn:'..guest)
redis.call('HDEL', p..'gwguests:'..gw, guest)
return 1`;

const FORGET_GATEWAY = `
local p, gw = ARGV[1], ARGV[2]
for _, guest in ipairs(redis.call('HKEYS', p..'gwguests:'..gw)) do
  local current = redis.call('GET', p..'conn:'..guest)
  if current and string.match(current, '^(.*)|') == gw then redis.call('DEL', p..'conn:'..guest) end
end
redis.call('DEL', p..'gwguests:'..gw, p..'gw:'..gw, p..'gwlink:'..gw)
redis.call('ZREM', p..'gateways', gw)
return 1`;

/** KEYS: grace, quiet. */
const TAKE_EXPIRED_GRACE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
if #due > 0 then
  redis.call('ZREM', KEYS[1], unpack(due))
  redis.call('ZREM', KEYS[2], unpack(due))
end
return due`;

/** KEYS: grace, quiet. ARGV: guest, deadline, quietSince ('' = the partner is told now) → 0 when a grace had already started. */
const START_GRACE = `
if redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1]) == 0 then return 0 end
if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1]) end
return 1`;

/** KEYS: grace, quiet. ARGV: guest → 0 no grace, 1 announced, 2 quiet. */
const CANCEL_GRACE = `
local quiet = redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
if quiet == 1 then return 2 end
return 1`;

/** KEYS: quiet. ARGV: since. */
const TAKE_QUIET = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end
return due`;

@Injectable()
export class RedisPresenceRegistry extends PresenceRegistry {
  private readonly keys: MatchmakingKeys;
  private readonly attachScript: ScriptRunner;
  private readonly detachScript: ScriptRunner;
  private readonly forgetGatewayScript: ScriptRunner;
  private readonly takeExpiredGraceScript: ScriptRunner;
  private readonly startGraceScript: ScriptRunner;
  private readonly cancelGraceScript: ScriptRunner;
  private readonly takeQuietScript: ScriptRunner;
  /** Gateways this process holds a link for; their heartbeats also renew the link marker. */
  private readonly linked = new Set<string>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    root: KeySpace,
  ) {
    super();
    this.keys = new MatchmakingKeys(root);
    this.attachScript = defineScript(redis, 'presence_attach', 1, ATTACH);
    this.detachScript = defineScript(redis, 'presence_detach', 1, DETACH);
    this.forgetGatewayScript = defineScript(redis, 'presence_forget_gateway', 1, FORGET_GATEWAY);
    this.takeExpiredGraceScript = defineScript(redis, 'presence_take_grace', 2, TAKE_EXPIRED_GRACE);
    this.startGraceScript = defineScript(redis, 'presence_start_grace', 2, START_GRACE);
    this.cancelGraceScript = defineScript(redis, 'presence_cancel_grace', 2, CANCEL_GRACE);
    this.takeQuietScript = defineScript(redis, 'presence_take_quiet', 1, TAKE_QUIET);
  }

  async heartbeat(gatewayId: string, online: number, ttlMs: number): Promise<void> {
    const beat = this.redis
      .multi()
      .set(this.keys.gateway(gatewayId), String(online), 'PX', ttlMs)
      .zadd(this.keys.gateways, Date.now(), gatewayId)
      .pexpire(this.keys.gatewayGuests(gatewayId), ttlMs * GUEST_LIST_TTL_FACTOR);
    if (this.linked.has(gatewayId)) beat.set(this.keys.gatewayLinked(gatewayId), '1', 'PX', ttlMs);
    await beat.exec();
  }

  /** A subscription on a connection of its own: Redis drops it the moment the process dies. */
  async link(gatewayId: string): Promise<GatewayLink> {
    const connection = this.redis.duplicate({ connectionName: 'rendezvous-gateway-link', lazyConnect: true });
    connection.on('error', () => undefined); // it reconnects and resubscribes by itself; heartbeats report outages
    try {
      await connection.connect();
      await connection.subscribe(this.keys.gatewayLink(gatewayId));
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
        await connection.unsubscribe().catch(() => undefined);
        await connection.quit().catch(() => connection.disconnect());
      },
    };
  }

  async removeGateway(gatewayId: string): Promise<void> {
    await this.redis.multi().del(this.keys.gateway(gatewayId), this.keys.gatewayLinked(gatewayId)).zrem(this.keys.gateways, gatewayId).exec();
  }

  async isGatewayAlive(gatewayId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.gateway(gatewayId))) === 1;
  }

  async deadGateways(): Promise<string[]> {
    return (await this.gatewayBeats()).filter(([, beat]) => beat === null).map(([id]) => id);
  }

  async onlineCount(): Promise<number> {
    return (await this.gatewayBeats()).reduce((sum, [, beat]) => sum + (beat === null ? 0 : Number(beat)), 0);
  }

  async attach(guestId: string, connection: GuestConnection, ttlMs: number): Promise<void> {
    await this.attachScript([this.keys.gateways], [this.keys.prefix, guestId, connection.gatewayId, connection.socketId, ttlMs]);
  }

  async detach(guestId: string, socketId: string): Promise<boolean> {
    return (await this.detachScript([this.keys.gateways], [this.keys.prefix, guestId, socketId])) === 1;
  }

  async connection(guestId: string): Promise<GuestConnection | null> {
    const value = await this.redis.get(this.keys.connection(guestId));
    if (value === null) return null;
    const split = value.lastIndexOf('|');
    return { gatewayId: value.slice(0, split), socketId: value.slice(split + 1) };
  }

  async guestsOf(gatewayId: string): Promise<string[]> {
    return this.redis.hkeys(this.keys.gatewayGuests(gatewayId));
  }

  async forgetGateway(gatewayId: string): Promise<void> {
    await this.forgetGatewayScript([this.keys.gateways], [this.keys.prefix, gatewayId]);
  }

  async refresh(guestIds: string[], ttlMs: number): Promise<void> {
    if (guestIds.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const guestId of guestIds) pipeline.pexpire(this.keys.connection(guestId), ttlMs);
    await pipeline.exec();
  }

  async startGrace(guestId: string, deadline: number, quietSince?: number): Promise<boolean> {
    return Number(await this.startGraceScript([this.keys.grace, this.keys.graceQuiet], [guestId, deadline, quietSince ?? ''])) === 1;
  }

  async cancelGrace(guestId: string): Promise<GraceEnd> {
    const ended = Number(await this.cancelGraceScript([this.keys.grace, this.keys.graceQuiet], [guestId]));
    return ended === 0 ? null : ended === 2 ? 'quiet' : 'announced';
  }

  async takeExpiredGrace(now: number): Promise<string[]> {
    return (await this.takeExpiredGraceScript([this.keys.grace, this.keys.graceQuiet], [now])) as string[];
  }

  async takeQuiet(since: number): Promise<string[]> {
    return (await this.takeQuietScript([this.keys.graceQuiet], [since])) as string[];
  }

  async graceCount(): Promise<number> {
    return this.redis.zcard(this.keys.grace);
  }

  private async gatewayBeats(): Promise<Array<[string, string | null]>> {
    const ids = await this.redis.zrange(this.keys.gateways, 0, -1);
    if (ids.length === 0) return [];
    const beats = await this.redis.mget(ids.map((id) => this.keys.gateway(id)));
    return ids.map((id, i) => [id, beats[i]]);
  }
}
