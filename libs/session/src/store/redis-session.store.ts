import { Inject, Injectable } from '@nestjs/common';
import type { GuestUser } from '@rendezvous/contracts';
import { defineScript, KeySpace, REDIS_CLIENT, type RedisClient, type ScriptRunner } from '@rendezvous/redis';
import { decodeGuest, encodeGuest } from './guest-hash.codec.js';
import { SessionStore } from './session-store.port.js';

/** HSET only when the hash exists, so an update never resurrects an expired session. ARGV[1]: '1' to read the record back. */
const UPDATE_IF_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
if ARGV[1] == '1' then return redis.call('HGETALL', KEYS[1]) end
return 1`;

/** Distributed-mode store: one hash per guest, `rdv:session:{id}`, with a sliding TTL. */
@Injectable()
export class RedisSessionStore extends SessionStore {
  /** Run by SHA (EVALSHA): the script is not sent and hashed again on every update. */
  private readonly updateIfExists: ScriptRunner;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly keys: KeySpace,
  ) {
    super();
    this.updateIfExists = defineScript(redis, 'session_update_if_exists', 1, UPDATE_IF_EXISTS);
  }

  async create(guest: GuestUser, ttlSeconds: number): Promise<void> {
    const key = this.key(guest.id);
    await this.redis.multi().del(key).hset(key, encodeGuest(guest)).expire(key, ttlSeconds).exec();
  }

  async get(guestId: string): Promise<GuestUser | null> {
    return decodeGuest(await this.redis.hgetall(this.key(guestId)));
  }

  async update(guestId: string, patch: Partial<Omit<GuestUser, 'id'>>): Promise<GuestUser | null> {
    const args = Object.entries(encodeGuest(patch)).flat();
    if (args.length === 0) return this.get(guestId);
    const reply = (await this.updateIfExists([this.key(guestId)], ['1', ...args])) as string[] | null;
    if (!reply) return null;
    const fields: Record<string, string> = {};
    for (let i = 0; i < reply.length; i += 2) fields[reply[i]] = reply[i + 1];
    return decodeGuest(fields);
  }

  async patch(guestId: string, patch: Partial<Omit<GuestUser, 'id'>>): Promise<boolean> {
    const args = Object.entries(encodeGuest(patch)).flat();
    if (args.length === 0) return (await this.redis.exists(this.key(guestId))) === 1;
    return (await this.updateIfExists([this.key(guestId)], ['0', ...args])) !== null;
  }

  async touch(guestId: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.expire(this.key(guestId), ttlSeconds)) === 1;
  }

  async delete(guestId: string): Promise<boolean> {
    return (await this.redis.del(this.key(guestId))) === 1;
  }

  async ttl(guestId: string): Promise<number | null> {
    const seconds = await this.redis.ttl(this.key(guestId));
    return seconds >= 0 ? seconds : null;
  }

  private key(guestId: string): string {
    return this.keys.key('session', guestId);
  }
}
