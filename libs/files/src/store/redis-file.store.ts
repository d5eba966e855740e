import { Inject, Injectable } from '@nestjs/common';
import { defineScript, KeySpace, REDIS_CLIENT, type RedisClient, type ScriptRunner } from '@rendezvous/redis';
import { FileKeys } from './file-keys.js';
import { FileStore, type FileQuota, type PutOutcome } from './file-store.port.js';
import type { FileInfo, StoredFile } from './stored-file.js';

/** Grows a key's TTL to ARGV-given ms, never shortens it (a record must outlive everything it lists). */
const GROW_TTL = `local function grow(key, ms) if redis.call('PTTL', key) < tonumber(ms) then redis.call('PEXPIRE', key, ms) end end`;

/**
 * Takes `size` bytes of the deployment-wide budget for a file, after giving back what expired files held.
 * KEYS: expiry, sizes, total. ARGV: now, fileId, size, expiresAt, maxTotal, ttlMs → 1 taken, 0 over the budget.
 */
const RESERVE_SCRIPT = `
${GROW_TTL}
local now = tonumber(ARGV[1])
local total = tonumber(redis.call('GET', KEYS[3]) or '0')
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  total = total - tonumber(redis.call('HGET', KEYS[2], id) or '0')
  redis.call('HDEL', KEYS[2], id)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if total < 0 then total = 0 end
local size = tonumber(ARGV[3])
local taken = 0
if total + size <= tonumber(ARGV[5]) then
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[2])
  redis.call('HSET', KEYS[2], ARGV[2], size)
  total = total + size
  taken = 1
end
if total > 0 then
  redis.call('SET', KEYS[3], total, 'KEEPTTL')
  for i = 1, 3 do grow(KEYS[i], ARGV[6]) end
else
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
end
return taken`;

/** Gives back the budget of files that are gone. KEYS: expiry, sizes, total. ARGV: fileId... */
const RELEASE_SCRIPT = `
local total = tonumber(redis.call('GET', KEYS[3]) or '0')
for _, id in ipairs(ARGV) do
  local size = redis.call('HGET', KEYS[2], id)
  if size then
    total = total - tonumber(size)
    redis.call('HDEL', KEYS[2], id)
    redis.call('ZREM', KEYS[1], id)
  end
end
if total > 0 then redis.call('SET', KEYS[3], total, 'KEEPTTL') else redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
return 1`;

/**
 * Stores the file within the pair's share of the quota and lists it in the pair's index (file id → size).
 * KEYS: meta, data, index. ARGV: name, mime, size, uploader, data, ttlMs, fileId, maxFiles, maxBytes, metaPrefix
 * → 'stored', 'pair-files' or 'pair-bytes'.
 */
const PUT_SCRIPT = `
${GROW_TTL}
local files, bytes = 0, 0
local listed = redis.call('HGETALL', KEYS[3])
for i = 1, #listed, 2 do
  if redis.call('EXISTS', ARGV[10] .. listed[i]) == 1 then
    files = files + 1
    bytes = bytes + tonumber(listed[i + 1])
  else
    redis.call('HDEL', KEYS[3], listed[i])
  end
end
if files + 1 > tonumber(ARGV[8]) then return 'pair-files' end
if bytes + tonumber(ARGV[3]) > tonumber(ARGV[9]) then return 'pair-bytes' end
redis.call('HSET', KEYS[1], 'name', ARGV[1], 'mime', ARGV[2], 'size', ARGV[3], 'uploader', ARGV[4])
redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('HSET', KEYS[3], ARGV[7], ARGV[3])
grow(KEYS[3], ARGV[6])
return 'stored'`;

/** Deletes the pair's index and every file it lists, in one step; returns the ids it deleted. KEYS: index. ARGV: metaPrefix, dataPrefix. */
const DELETE_PAIR_SCRIPT = `
local ids = redis.call('HKEYS', KEYS[1])
local deleted = {}
for _, id in ipairs(ids) do
  if redis.call('DEL', ARGV[1] .. id) == 1 then table.insert(deleted, id) end
  redis.call('DEL', ARGV[2] .. id)
end
redis.call('DEL', KEYS[1])
return deleted`;

/**
 * Distributed-mode store: per file a small hash (name, type, size, uploader) and a string of its bytes,
 * read with GETRANGE a chunk at a time; a hash per pair (file id → size); a deployment-wide byte budget.
 * Every key has a TTL.
 */
@Injectable()
export class RedisFileStore extends FileStore {
  private readonly keys: FileKeys;
  private readonly reserve: ScriptRunner;
  private readonly release: ScriptRunner;
  private readonly putScript: ScriptRunner;
  private readonly deletePairScript: ScriptRunner;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    root: KeySpace,
  ) {
    super();
    this.keys = new FileKeys(root);
    this.reserve = defineScript(redis, 'files_reserve', 3, RESERVE_SCRIPT);
    this.release = defineScript(redis, 'files_release', 3, RELEASE_SCRIPT);
    this.putScript = defineScript(redis, 'files_put', 3, PUT_SCRIPT);
    this.deletePairScript = defineScript(redis, 'files_delete_pair', 1, DELETE_PAIR_SCRIPT);
  }

  /** The budget first (its own slot), then the pair's share; a refusal by the pair gives the budget back. */
  async put(file: StoredFile, ttlMs: number, quota: FileQuota): Promise<PutOutcome> {
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const now = Date.now();
    if (Number(await this.reserve(this.keys.usage, [now, file.fileId, file.size, now + ttl, quota.totalBytes, ttl])) !== 1) return 'total-bytes';
    const keys = [this.keys.meta(file.pairId, file.fileId), this.keys.data(file.pairId, file.fileId), this.keys.index(file.pairId)];
    const args = [file.name, file.mime, file.size, file.uploaderId, file.data, ttl, file.fileId, quota.filesPerPair, quota.bytesPerPair, this.keys.prefixes(file.pairId)[0]];
    const outcome = String(await this.putScript(keys, args)) as PutOutcome;
    if (outcome !== 'stored') await this.release(this.keys.usage, [file.fileId]);
    return outcome;
  }

  async info(pairId: string, fileId: string): Promise<FileInfo | null> {
    const { name, mime, size, uploader } = await this.redis.hgetall(this.keys.meta(pairId, fileId));
    if (!name || !mime || !size || !uploader) return null;
    return { fileId, pairId, name, mime, size: Number(size), uploaderId: uploader };
  }

  async read(pairId: string, fileId: string, offset: number, length: number): Promise<Buffer> {
    if (length <= 0) return Buffer.alloc(0);
    const chunk = await this.redis.getrangeBuffer(this.keys.data(pairId, fileId), offset, offset + length - 1);
    // A copy: the reply is a view into the Redis parser's buffer pool, which a chunk waiting on a slow
    // reader would otherwise keep alive (about a megabyte per stalled download).
    return Buffer.from(chunk);
  }

  async deletePair(pairId: string): Promise<number> {
    const deleted = (await this.deletePairScript([this.keys.index(pairId)], this.keys.prefixes(pairId))) as string[];
    if (deleted.length > 0) await this.release(this.keys.usage, deleted);
    return deleted.length;
  }

  /** Held bytes, counting no file that has expired (they are given back at the next upload). */
  async totalBytes(): Promise<number> {
    const [expiry, sizes] = this.keys.usage;
    const live = await this.redis.zrangebyscore(expiry, Date.now() + 1, '+inf');
    if (live.length === 0) return 0;
    return (await this.redis.hmget(sizes, ...live)).reduce((sum, size) => sum + Number(size ?? 0), 0);
  }
}
