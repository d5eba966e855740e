import { beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { eventually } from '../../../../test/support/eventually.js';
import type { FileStore } from './file-store.port.js';
import type { StoredFile } from './stored-file.js';

export interface FileStoreSubject {
  store: FileStore;
  /** Records still held, one entry per record (`file`, `index`), sorted; `<kind> (no TTL)` for one that never expires. */
  leftovers(): Promise<string[]>;
}

const LONG_TTL_MS = 60_000;

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
      await store.put(stored, LONG_TTL_MS);
      const found = await store.get(pairId, stored.fileId);
      expect(found).not.toBeNull();
      expect(found!.data.equals(data)).toBe(true);
      expect({ ...found!, data: null }).toEqual({ ...stored, data: null });
    });

    it('does not let a caller mutate what is stored through the buffer it passed in', async () => {
      const pairId = randomUUID();
      const data = Buffer.from('hello');
      const stored = file(pairId, { data, size: 5, mime: 'text/plain' });
      await store.put(stored, LONG_TTL_MS);
      data.fill(0);
      expect((await store.get(pairId, stored.fileId))!.data.toString()).toBe('hello');
    });

    it('finds a file only through its own pair', async () => {
      const pairId = randomUUID();
      const stored = file(pairId);
      await store.put(stored, LONG_TTL_MS);
      expect(await store.get(randomUUID(), stored.fileId)).toBeNull();
      expect(await store.get(pairId, randomUUID())).toBeNull();
      expect(await store.get(pairId, stored.fileId)).not.toBeNull();
    });

    it("deletes every file of a pair at once, and only that pair's", async () => {
      const [ended, other] = [randomUUID(), randomUUID()];
      const files = [file(ended), file(ended), file(ended)];
      const kept = file(other);
      for (const f of [...files, kept]) await store.put(f, LONG_TTL_MS);
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
      await store.put(file(randomUUID()), LONG_TTL_MS);
      expect(await subject.leftovers()).toEqual(['file', 'index']);
    });

    it('forgets a file after its TTL, leaving nothing behind', async () => {
      const pairId = randomUUID();
      const stored = file(pairId);
      await store.put(stored, 150);
      await eventually(async () => expect(await store.get(pairId, stored.fileId)).toBeNull(), 3_000);
      await eventually(async () => expect(await subject.leftovers()).toEqual([]), 3_000);
    });

    it("keeps a pair's older files findable for their own TTL when a newer one is added", async () => {
      const pairId = randomUUID();
      const older = file(pairId);
      await store.put(older, LONG_TTL_MS);
      await store.put(file(pairId), 150);
      await eventually(async () => expect(await subject.leftovers()).toEqual(['file', 'index']), 3_000);
      expect(await store.get(pairId, older.fileId)).not.toBeNull();
      expect(await store.deletePair(pairId)).toBe(1);
    });
  });
}
