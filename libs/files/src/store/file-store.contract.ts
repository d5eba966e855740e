import { beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { eventually } from '../../../../test/support/eventually.js';
import type { FileQuota, FileStore } from './file-store.port.js';
import type { StoredFile } from './stored-file.js';

export interface FileStoreSubject {
  store: FileStore;
  /** Records still held, one entry per file and per pair (`file`, `index`), sorted; `<kind> (no TTL)` for one that never expires. */
  leftovers(): Promise<string[]>;
}

const LONG_TTL_MS = 60_000;
/** Roomy: the tests that are not about the quota never reach it. */
const ROOMY: FileQuota = { filesPerPair: 100, bytesPerPair: 100_000_000, totalBytes: 1_000_000_000 };

/** One behaviour for every FileStore implementation. */
export function fileStoreContract(name: string, makeSubject: () => FileStoreSubject | Promise<FileStoreSubject>): void {
  describe(`FileStore contract: ${name}`, () => {
    let store: FileStore;
    let subject: FileStoreSubject;

    beforeEach(async () => {
      subject = await makeSubject();
      store = subject.store;
    });

    function file(pairId: string, overrides: Partial<StoredFile> = {}): StoredFile {
      const data = overrides.data ?? randomBytes(64);
      return { fileId: randomUUID(), pairId, name: 'photo.png', mime: 'image/png', size: data.length, uploaderId: randomUUID(), data, ...overrides };
    }

    it('gives back exactly the bytes and details it was given, binary included', async () => {
      const pairId = randomUUID();
      const data = Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]), randomBytes(300_000)]);
      const stored = file(pairId, { data, size: data.length, name: 'Zoë — résumé.pdf', mime: 'application/pdf' });
      await store.put(stored, LONG_TTL_MS, ROOMY);
      const found = await store.get(pairId, stored.fileId);
      expect(found).not.toBeNull();
      expect(found!.data.equals(data)).toBe(true);
      expect({ ...found!, data: null }).toEqual({ ...stored, data: null });
    });

    it('does not let a caller mutate what is stored through the buffer it passed in', async () => {
      const pairId = randomUUID();
      const data = Buffer.from('hello');
      const stored = file(pairId, { data, size: 5, mime: 'text/plain' });
      await store.put(stored, LONG_TTL_MS, ROOMY);
      data.fill(0);
      expect((await store.get(pairId, stored.fileId))!.data.toString()).toBe('hello');
    });

    it('finds a file only through its own pair', async () => {
      const pairId = randomUUID();
      const stored = file(pairId);
      await store.put(stored, LONG_TTL_MS, ROOMY);
      expect(await store.get(randomUUID(), stored.fileId)).toBeNull();
      expect(await store.get(pairId, randomUUID())).toBeNull();
      expect(await store.get(pairId, stored.fileId)).not.toBeNull();
    });

    it("deletes every file of a pair at once, and only that pair's", async () => {
      const [ended, other] = [randomUUID(), randomUUID()];
      const files = [file(ended), file(ended), file(ended)];
      const kept = file(other);
      for (const f of [...files, kept]) await store.put(f, LONG_TTL_MS, ROOMY);
      expect(await store.deletePair(ended)).toBe(3);
      for (const f of files) expect(await store.get(ended, f.fileId)).toBeNull();
      expect((await store.get(other, kept.fileId))?.data.equals(kept.data)).toBe(true);
      expect(await store.deletePair(ended)).toBe(0);
      expect(await subject.leftovers()).toEqual(['file', 'index']);
      expect(await store.deletePair(other)).toBe(1);
      expect(await subject.leftovers()).toEqual([]);
    });

    it('answers 0 for a pair that never shared anything', async () => {
      expect(await store.deletePair(randomUUID())).toBe(0);
      expect(await subject.leftovers()).toEqual([]);
    });

    it('keeps nothing that cannot expire', async () => {
      await store.put(file(randomUUID()), LONG_TTL_MS, ROOMY);
      expect(await subject.leftovers()).toEqual(['file', 'index']);
    });

    it('forgets a file after its TTL, leaving nothing behind', async () => {
      const pairId = randomUUID();
      const stored = file(pairId);
      await store.put(stored, 150, ROOMY);
      await eventually(async () => expect(await store.get(pairId, stored.fileId)).toBeNull(), 3_000);
      await eventually(async () => expect(await subject.leftovers()).toEqual([]), 3_000);
    });

    it('reads a file in ranges, and nothing once it is gone', async () => {
      const pairId = randomUUID();
      const data = randomBytes(10_000);
      const stored = file(pairId, { data, size: data.length });
      await store.put(stored, LONG_TTL_MS, ROOMY);
      expect(await store.info(pairId, stored.fileId)).toEqual({ ...stored, data: undefined });
      expect((await store.read(pairId, stored.fileId, 0, 4096)).equals(data.subarray(0, 4096))).toBe(true);
      expect((await store.read(pairId, stored.fileId, 8192, 4096)).equals(data.subarray(8192))).toBe(true);
      expect((await store.read(pairId, stored.fileId, 10_000, 4096)).length).toBe(0);
      await store.deletePair(pairId);
      expect(await store.info(pairId, stored.fileId)).toBeNull();
      expect((await store.read(pairId, stored.fileId, 0, 4096)).length).toBe(0);
    });

    it('holds a pair to its file count and byte share, storing nothing past either', async () => {
      const pairId = randomUUID();
      const quota: FileQuota = { filesPerPair: 3, bytesPerPair: 250, totalBytes: 1_000_000_000 };
      for (let i = 0; i < 3; i++) expect(await store.put(file(pairId, { data: randomBytes(50), size: 50 }), LONG_TTL_MS, quota)).toBe('stored');
      expect(await store.put(file(pairId, { data: randomBytes(10), size: 10 }), LONG_TTL_MS, quota)).toBe('pair-files');
      const other = randomUUID();
      expect(await store.put(file(other, { data: randomBytes(200), size: 200 }), LONG_TTL_MS, quota)).toBe('stored');
      expect(await store.put(file(other, { data: randomBytes(51), size: 51 }), LONG_TTL_MS, quota)).toBe('pair-bytes');
      expect(await store.put(file(other, { data: randomBytes(50), size: 50 }), LONG_TTL_MS, quota)).toBe('stored');
      expect(await store.totalBytes()).toBe(400);
      expect(await store.deletePair(pairId)).toBe(3);
      expect(await store.put(file(pairId, { data: randomBytes(10), size: 10 }), LONG_TTL_MS, quota)).toBe('stored');
    });

    it('holds every pair together to the total budget, and gives bytes back when files go', async () => {
      const quota: FileQuota = { filesPerPair: 10, bytesPerPair: 10_000, totalBytes: 300 };
      const [p1, p2] = [randomUUID(), randomUUID()];
      expect(await store.put(file(p1, { data: randomBytes(200), size: 200 }), LONG_TTL_MS, quota)).toBe('stored');
      expect(await store.put(file(p2, { data: randomBytes(101), size: 101 }), LONG_TTL_MS, quota)).toBe('total-bytes');
      expect(await subject.leftovers()).toEqual(['file', 'index']);
      const short = file(p2, { data: randomBytes(100), size: 100 });
      expect(await store.put(short, 150, quota)).toBe('stored');
      expect(await store.totalBytes()).toBe(300);
      await eventually(async () => expect(await store.info(p2, short.fileId)).toBeNull(), 3_000);
      expect(await store.put(file(p2, { data: randomBytes(100), size: 100 }), LONG_TTL_MS, quota)).toBe('stored');
      await store.deletePair(p1);
      expect(await store.totalBytes()).toBe(100);
      expect(await store.put(file(p1, { data: randomBytes(200), size: 200 }), LONG_TTL_MS, quota)).toBe('stored');
    });

    it("keeps a pair's older files findable for their own TTL when a newer one is added", async () => {
      const pairId = randomUUID();
      const older = file(pairId);
      await store.put(older, LONG_TTL_MS, ROOMY);
      await store.put(file(pairId), 150, ROOMY);
      await eventually(async () => expect(await subject.leftovers()).toEqual(['file', 'index']), 3_000);
      expect(await store.get(pairId, older.fileId)).not.toBeNull();
      expect(await store.deletePair(pairId)).toBe(1);
    });
  });
}
