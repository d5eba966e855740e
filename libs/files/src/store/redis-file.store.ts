import { Inject, Injectable } from '@nestjs/common';
import { defineScript, KeySpace, REDIS_CLIENT, type ScriptRunner } from '@rendezvous/redis';
import type { Redis } from 'ioredis';
import { FileKeys } from './file-keys.js';
import { FileStore } from './file-store.port.js';
import type { StoredFile } from './stored-file.js';

/** Stores the file and lists it in the pair's index, whose TTL only ever grows (it must outlive every file it lists). */
const PUT_SCRIPT = `
redis.call('HSET', KEYS[1], 'name', ARGV[1], 'mime', ARGV[2], 'size', ARGV[3], 'uploader', ARGV[4], 'data', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('SADD', KEYS[2], ARGV[7])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[6]) then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end
return 1`;

/** Deletes the pair's index and every file it lists, in one step. */
const DELETE_PAIR_SCRIPT = `
local ids = redis.call('SMEMBERS', KEYS[1])
local deleted = 0
for _, id in ipairs(ids) do deleted = deleted + redis.call('DEL', ARGV[1] .. id) end
redis.call('DEL', KEYS[1])
return deleted`;

/** Distributed-mode store: one hash per file (metadata fields plus the raw bytes), a set per pair, all with TTLs. */
@Injectable()
export class RedisFileStore extends FileStore {
  private readonly keys: FileKeys;
  private readonly putScript: ScriptRunner;
  private readonly deletePairScript: ScriptRunner;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    root: KeySpace,
  ) {
    super();
    this.keys = new FileKeys(root);
    this.putScript = defineScript(redis, 'files_put', 2, PUT_SCRIPT);
    this.deletePairScript = defineScript(redis, 'files_delete_pair', 1, DELETE_PAIR_SCRIPT);
  }

  async put(file: StoredFile, ttlMs: number): Promise<void> {
    const keys = [this.keys.file(file.pairId, file.fileId), this.keys.index(file.pairId)];
    await this.putScript(keys, [file.name, file.mime, file.size, file.uploaderId, file.data, Math.max(1, Math.ceil(ttlMs)), file.fileId]);
  }

  async get(pairId: string, fileId: string): Promise<StoredFile | null> {
    const fields = await this.redis.hgetallBuffer(this.keys.file(pairId, fileId));
    const { name, mime, size, uploader, data } = fields;
    if (!name || !mime || !size || !uploader || !data) return null;
    return { fileId, pairId, name: name.toString(), mime: mime.toString(), size: Number(size.toString()), uploaderId: uploader.toString(), data };
  }

  async deletePair(pairId: string): Promise<number> {
    return Number(await this.deletePairScript([this.keys.index(pairId)], [this.keys.filePrefix(pairId)]));
  }
}
