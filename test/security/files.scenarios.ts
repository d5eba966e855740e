import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { sleep } from '../support/eventually.js';
import { downloadFile, uploadFile } from '../support/file-api.js';
import { heldMemory } from '../support/inspector.js';
import { png } from '../support/sample-files.js';
import { Guests } from './security-guests.js';
import type { SecurityTopology } from './security-topology.js';

/** The largest file by default (FILE_MAX_BYTES): a real PNG header, then filler. */
const FILE_BYTES = 5 * 1024 * 1024;

/** A GET of the file whose body is never read: the headers arrive, then the reader stalls. */
function stalledDownload(apiUrl: string, token: string, fileId: string): Promise<{ status: number; socket: Socket }> {
  const url = new URL(apiUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () =>
      socket.write(`GET /api/files/${fileId} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n\r\n`),
    );
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? 0), socket });
    });
    socket.once('error', reject);
  });
}


/** Downloads of shared files: streamed in chunks, a few at a time per guest. */
export function fileDownloadScenarios(name: string, topology: () => SecurityTopology): void {
  describe(`file downloads: ${name}`, () => {
    const guests = new Guests(topology);
    const sockets: Socket[] = [];
    afterEach(() => {
      sockets.splice(0).forEach((socket) => socket.destroy());
      guests.closeAll();
    });

    it('holds a few downloads per guest at once, and stalled readers cost the server little memory', async () => {
      const { apiUrl, sessionInspector } = topology();
      const [a, b] = await guests.pair();
      const data = Buffer.concat([png(), Buffer.alloc(FILE_BYTES - png().length, 0x5a)]);
      const upload = await uploadFile(apiUrl, a.session.token, { data, name: 'big.png', type: 'image/png' });
      expect(upload.status).toBe(201);
      const { fileId } = (await upload.json()) as { fileId: string };
      const before = await heldMemory(sessionInspector());

      // Both guests open as many downloads as they may and read none of them.
      for (const guest of [a, b]) {
        for (let i = 0; i < 4; i++) {
          const stalled = await stalledDownload(apiUrl, guest.session.token, fileId);
          sockets.push(stalled.socket);
          expect(stalled.status).toBe(200);
        }
        const fifth = await downloadFile(apiUrl, guest.session.token, fileId);
        expect(fifth.status).toBe(429);
        expect(await fifth.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('at once') });
      }
      await sleep(1_000);
      // A copy of the file per download would be 8 × 5 MB held until the readers read; streamed, each holds about one
      // chunk. What the sockets' kernel buffers took passed through as garbage: the full GCs free it, though the
      // allocator may keep some of the pages, so the resident size is the looser bound.
      const after = await heldMemory(sessionInspector());
      expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(8 * 1024 * 1024);
      expect(after.rss - before.rss).toBeLessThan(64 * 1024 * 1024);

      // Readers that go free their slots; the next download gets every byte.
      sockets.splice(0).forEach((socket) => socket.destroy());
      let complete: Response | null = null;
      for (let attempt = 0; attempt < 50 && complete?.status !== 200; attempt++) {
        complete = await downloadFile(apiUrl, b.session.token, fileId);
        if (complete.status !== 200) await sleep(100);
      }
      expect(complete?.status).toBe(200);
      expect(Buffer.from(await complete!.arrayBuffer()).equals(data)).toBe(true);
    });
  });
}
