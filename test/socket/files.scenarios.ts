import { afterEach, describe, expect, it } from '@jest/globals';
import { ErrorCodes, type FileUploadResponse } from '@rendezvous/contracts';
import { eventually, sleep } from '../support/eventually.js';
import { downloadFile, uploadFile, uploadFlood, uploadNeverEnding, type UploadFile } from '../support/file-api.js';
import { GuestClient } from '../support/guest-client.js';
import { png, samples } from '../support/sample-files.js';
import { FILE_SETTINGS, type Topology } from './topology.js';

const MAX_BYTES = Number(FILE_SETTINGS.FILE_MAX_BYTES);
const PER_MINUTE = Number(FILE_SETTINGS.RATE_LIMIT_FILE_UPLOAD.split('/')[0]);

/** Guests of one scenario: the n-th connects through gateway n % 2, so distributed pairs span both gateways. */
function guestsOf(topology: () => Topology) {
  const guests: GuestClient[] = [];
  afterEach(() => {
    guests.splice(0).forEach((guest) => guest.close());
  });
  async function guest(username: string): Promise<GuestClient> {
    const { apiUrl, gatewayUrls } = topology();
    const client = await GuestClient.create(apiUrl, gatewayUrls[guests.length % 2], { username });
    guests.push(client);
    return client;
  }
  /** Two guests paired with each other; returns them and the pair id. */
  async function pair(): Promise<[GuestClient, GuestClient, string]> {
    const a = await guest('Alice');
    const b = await guest('Bob');
    a.emit('match:join', {});
    await a.waitFor('match:searching');
    b.emit('match:join', {});
    const found = await a.waitFor('match:found');
    await b.waitFor('match:found');
    return [a, b, found.pairId as string];
  }
  return { guest, pair };
}

async function shared(response: Response): Promise<FileUploadResponse> {
  expect(response.status).toBe(201);
  return (await response.json()) as FileUploadResponse;
}

/** The rules of sharing files over REST, as a client sees them; runs embedded and distributed. */
export function fileSharingScenarios(name: string, topology: () => Topology): void {
  describe(`file sharing REST API: ${name}`, () => {
    const { guest, pair } = guestsOf(topology);
    const api = () => topology().apiUrl;

    it('shares an image: 201 with what was stored, and chat:file to the partner only', async () => {
      const [a, b] = await pair();
      const image = png(16, 9);
      const body = await shared(await uploadFile(api(), a.session.token, { data: image, name: 'holiday.png', type: 'image/png' }));
      expect(body).toEqual({ fileId: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'holiday.png', size: image.length, mime: 'image/png' });
      expect(await b.waitFor('chat:file')).toEqual({ ...body, from: a.id, fromUsername: 'Alice' });
      await sleep(200);
      expect(a.eventsNamed('chat:file')).toEqual([]);
    });

    it('serves the bytes to both guests of the pair, with the detected type, a safe attachment name and nosniff', async () => {
      const [a, b] = await pair();
      const image = png(5, 5);
      const { fileId, name: stored } = await shared(await uploadFile(api(), a.session.token, { data: image, name: '../../Zoë (pic)\u202E.png', type: 'image/png' }));
      expect(stored).toBe('Zoë (pic).png');
      for (const token of [b.session.token, a.session.token]) {
        const response = await downloadFile(api(), token, fileId);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('image/png');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('content-disposition')).toBe(`attachment; filename="Zo_ (pic).png"; filename*=UTF-8''Zo%C3%AB%20%28pic%29.png`);
        expect(response.headers.get('cache-control')).toContain('no-store');
        expect(Buffer.from(await response.arrayBuffer()).equals(image)).toBe(true);
      }
    });

    it('serves text as UTF-8 plain text whatever text type was claimed', async () => {
      const [a, b] = await pair();
      const { fileId, mime } = await shared(await uploadFile(api(), a.session.token, { data: samples.text, name: 'notes.md', type: 'text/markdown' }));
      expect(mime).toBe('text/plain');
      const response = await downloadFile(api(), b.session.token, fileId);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await response.text()).toBe(samples.text.toString());
    });

    it('names the file after the type its bytes are, in the answer, the partner\'s event and the download', async () => {
      const [a, b] = await pair();
      const cases = [
        [samples.text, 'invoice.pdf.hta', 'invoice.pdf.txt'],
        [samples.text, 'holiday-photo.js', 'holiday-photo.txt'],
        [samples.text, 'evil.html', 'evil.txt'],
        [samples.gif, 'poly.html', 'poly.gif'],
      ] as const;
      for (const [data, name, expected] of cases) {
        const body = await shared(await uploadFile(api(), a.session.token, { data, name, type: '' }));
        expect(body.name).toBe(expected);
        expect((await b.waitFor('chat:file', (event) => event.fileId === body.fileId)).name).toBe(expected);
        const response = await downloadFile(api(), b.session.token, body.fileId);
        expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${expected}"; filename*=UTF-8''${expected}`);
      }
    });

    it('answers 404 to anyone outside the pair and for unknown ids, 401 without a valid token', async () => {
      const [a] = await pair();
      const { fileId } = await shared(await uploadFile(api(), a.session.token, { data: samples.pdf, name: 'doc.pdf', type: 'application/pdf' }));
      const [c] = await pair();
      const loner = await guest('Lone');
      for (const token of [c.session.token, loner.session.token]) expect((await downloadFile(api(), token, fileId)).status).toBe(404);
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', '..%2F..%2Fetc%2Fpasswd']) {
        const response = await downloadFile(api(), a.session.token, id);
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ code: ErrorCodes.NotFound });
      }
      expect((await downloadFile(api(), undefined, fileId)).status).toBe(401);
      expect((await downloadFile(api(), 'a.b.c', fileId)).status).toBe(401);
    });

    it('refuses an upload from a guest without a partner with 409, and without a token with 401', async () => {
      const loner = await guest('Lone');
      const response = await uploadFile(api(), loner.session.token, { data: png(), name: 'a.png', type: 'image/png' });
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ code: ErrorCodes.NotConnected, message: expect.any(String) });
      expect((await uploadFile(api(), undefined, { data: png(), name: 'a.png', type: 'image/png' })).status).toBe(401);
    });

    it.each<[string, number, UploadFile, string | null]>([
      ['a PNG', 201, { data: png(), name: 'a.png', type: 'image/png' }, 'image/png'],
      ['a JPEG claimed as image/jpg', 201, { data: samples.jpeg, name: 'a.jpg', type: 'image/jpg' }, 'image/jpeg'],
      ['a GIF', 201, { data: samples.gif, name: 'a.gif', type: 'image/gif' }, 'image/gif'],
      ['a WebP', 201, { data: samples.webp, name: 'a.webp', type: 'image/webp' }, 'image/webp'],
      ['a PDF named .png, with no type claimed', 201, { data: samples.pdf, name: 'a.png', type: '' }, 'application/pdf'],
      ['plain text', 201, { data: samples.text, name: 'a.txt', type: 'text/plain' }, 'text/plain'],
      ['a PNG claimed as text', 415, { data: png(), name: 'a.txt', type: 'text/plain' }, null],
      ['a PDF claimed as a PNG', 415, { data: samples.pdf, name: 'a.png', type: 'image/png' }, null],
      ['an executable claimed as a PNG', 415, { data: samples.exe, name: 'a.png', type: 'image/png' }, null],
      ['a zip archive', 415, { data: samples.zip, name: 'a.zip', type: 'application/zip' }, null],
      ['an SVG (script inside)', 415, { data: samples.svg, name: 'a.svg', type: 'image/svg+xml' }, null],
    ])('decides the type by the bytes: %s → %i', async (_, status, file, mime) => {
      const [a, b] = await pair();
      const response = await uploadFile(api(), a.session.token, file);
      expect(response.status).toBe(status);
      const body = (await response.json()) as FileUploadResponse & { code?: string };
      if (mime) {
        expect(body.mime).toBe(mime);
        expect((await b.waitFor('chat:file')).mime).toBe(mime);
      } else {
        expect(body.code).toBe(ErrorCodes.UnsupportedFileType);
        await sleep(150);
        expect(b.eventsNamed('chat:file')).toEqual([]);
      }
    });

    it('refuses a file over FILE_MAX_BYTES with 413, and the partner hears nothing', async () => {
      const [a, b] = await pair();
      const exact = Buffer.concat([png(), Buffer.alloc(MAX_BYTES - png().length)]);
      expect((await uploadFile(api(), a.session.token, { data: exact, name: 'exact.png', type: 'image/png' })).status).toBe(201);
      const over = Buffer.concat([png(), Buffer.alloc(MAX_BYTES + 1 - png().length)]);
      const response = await uploadFile(api(), a.session.token, { data: over, name: 'big.png', type: 'image/png' });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ code: ErrorCodes.FileTooLarge });
      await sleep(150);
      expect(b.eventsNamed('chat:file')).toHaveLength(1);
    });

    it('answers 413 while a too-large body is still arriving, declared or not', async () => {
      const [a] = await pair();
      const streamed = await uploadNeverEnding(api(), a.session.token, MAX_BYTES + 64 * 1024);
      expect(streamed).toMatchObject({ status: 413, bodyStillOpen: true });
      const [c] = await pair();
      const declared = await uploadNeverEnding(api(), c.session.token, 0, 1024 * 1024 * 1024);
      expect(declared).toMatchObject({ status: 413, bodyStillOpen: true });
      expect(JSON.parse(declared.body)).toMatchObject({ code: ErrorCodes.FileTooLarge });
    });

    it('closes the connection of a refused upload soon instead of reading the rest of it', async () => {
      const [a] = await pair();
      const cap = 64 * 1024 * 1024;
      const flood = await uploadFlood(api(), a.session.token, cap);
      expect(flood.status).toBe(413);
      expect(flood.cut).toBe(true);
      // The server reads at most a small budget past the limit; what else got out sat in loopback socket buffers.
      expect(flood.written).toBeLessThan(cap / 2);
    });

    it('refuses with 400 a body that is not one file in the "file" field', async () => {
      const [a, b] = await pair();
      // Alternating guests: every attempt counts against the sender's upload budget.
      const tokens = [a.session.token, b.session.token];
      let attempt = 0;
      const post = (body: FormData | string, headers: Record<string, string> = {}) =>
        fetch(`${api()}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${tokens[attempt++ % 2]}`, ...headers }, body });
      const form = (...parts: Array<[string, Blob | string, string?]>) => {
        const data = new FormData();
        for (const [field, value, fileName] of parts) (fileName ? data.append(field, value, fileName) : data.append(field, value));
        return data;
      };
      const image = () => new Blob([png()], { type: 'image/png' });
      expect((await post(form(['attachment', image(), 'a.png']))).status).toBe(400);
      expect((await post('{"file":"x"}', { 'content-type': 'application/json' })).status).toBe(400);
      expect((await post(form(['file', image(), 'a.png'], ['file', image(), 'b.png']))).status).toBe(400);
      expect((await post(form(['note', 'hi'], ['file', image(), 'a.png']))).status).toBe(400);
      const multipart = { 'content-type': 'multipart/form-data; boundary=xyz' };
      expect((await post('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG', multipart)).status).toBe(400);
      expect((await post('not multipart at all', multipart)).status).toBe(400);
      expect((await post('--xyz\r\nbroken header\r\n\r\nbody\r\n--xyz--\r\n', multipart)).status).toBe(400);
      const empty = await post(form(['file', new Blob([], { type: 'text/plain' }), 'empty.txt']));
      expect(empty.status).toBe(400);
      expect(await empty.json()).toMatchObject({ code: ErrorCodes.InvalidPayload, message: expect.any(String) });
      await sleep(150);
      expect([...a.eventsNamed('chat:file'), ...b.eventsNamed('chat:file')]).toEqual([]);
    });

    it('holds a chat to FILE_MAX_PER_PAIR files: the next is refused with 409 FILE_LIMIT_REACHED and a message', async () => {
      const [a, b] = await pair();
      const perPair = Number(FILE_SETTINGS.FILE_MAX_PER_PAIR);
      for (let i = 0; i < perPair; i++) await shared(await uploadFile(api(), [a, b][i % 2].session.token, { data: samples.text, name: `${i}.txt`, type: 'text/plain' }));
      const refused = await uploadFile(api(), b.session.token, { data: samples.text, name: 'one-more.txt', type: 'text/plain' });
      expect(refused.status).toBe(409);
      expect(await refused.json()).toEqual({ statusCode: 409, code: ErrorCodes.FileLimitReached, message: `This chat already holds ${perPair} files, the most one chat can share` });
      await sleep(150);
      expect(a.eventsNamed('chat:file')).toHaveLength(perPair / 2);
    });

    it('holds a chat to FILE_PAIR_MAX_BYTES: a file that would pass it is refused with 409', async () => {
      const [a, b] = await pair();
      const largest = () => Buffer.concat([png(), Buffer.alloc(MAX_BYTES - png().length)]);
      await shared(await uploadFile(api(), a.session.token, { data: largest(), name: '1.png', type: 'image/png' }));
      await shared(await uploadFile(api(), b.session.token, { data: largest(), name: '2.png', type: 'image/png' }));
      const refused = await uploadFile(api(), a.session.token, { data: samples.text, name: 'small.txt', type: 'text/plain' });
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ code: ErrorCodes.FileLimitReached, message: expect.stringContaining('the most one chat can share') });
    });

    it('holds every chat together to FILE_TOTAL_MAX_BYTES: past it uploads get 503 with a message, until files go with their pair', async () => {
      const largest = () => Buffer.concat([png(), Buffer.alloc(MAX_BYTES - png().length)]);
      const budgetFiles = Number(FILE_SETTINGS.FILE_TOTAL_MAX_BYTES) / MAX_BYTES;
      const pairs = [];
      const statuses: number[] = [];
      let refused: Response | null = null;
      // Two of the largest files per pair, pair after pair, until the budget says no (earlier if an ended test's files still linger).
      for (let p = 0; p < budgetFiles / 2 + 1 && !refused; p++) {
        const [a, b] = await pair();
        pairs.push([a, b]);
        for (const uploader of [a, b]) {
          const response = await uploadFile(api(), uploader.session.token, { data: largest(), name: 'big.png', type: 'image/png' });
          statuses.push(response.status);
          if (response.status !== 201) {
            refused = response;
            break;
          }
        }
      }
      expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(budgetFiles);
      expect(refused?.status).toBe(503);
      expect(await refused!.json()).toEqual({ statusCode: 503, code: ErrorCodes.ServiceUnavailable, message: 'File sharing is full right now; try again in a few minutes' });
      // The first pair ends: its files go, and with them their share of the budget.
      const [first] = pairs;
      first[0].emit('match:leave', {});
      await first[1].waitFor('match:ended');
      const [, last] = pairs.at(-1)!;
      await eventually(async () => expect((await uploadFile(api(), last.session.token, { data: largest(), name: 'again.png', type: 'image/png' })).status).toBe(201), 5_000);
    });

    it('limits uploads per guest with 429 and Retry-After; the partner keeps its own budget', async () => {
      const [a, b] = await pair();
      for (let i = 0; i < PER_MINUTE; i++) await shared(await uploadFile(api(), a.session.token, { data: samples.text, name: `${i}.txt`, type: 'text/plain' }));
      const limited = await uploadFile(api(), a.session.token, { data: samples.text, name: 'more.txt', type: 'text/plain' });
      expect(limited.status).toBe(429);
      expect(await limited.json()).toMatchObject({ code: ErrorCodes.RateLimited });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await shared(await uploadFile(api(), b.session.token, { data: samples.text, name: 'reply.txt', type: 'text/plain' }));
      await eventually(() => expect(b.eventsNamed('chat:file')).toHaveLength(PER_MINUTE));
    });
  });
}

/**
 * A pair's files are gone as soon as the pair ends, whatever ends it. `filesOfPair` looks into the
 * deployment's store (Redis keys, or the embedded process's memory).
 */
export function fileCleanupScenarios(name: string, topology: () => Topology, filesOfPair: (pairId: string) => Promise<string[]>): void {
  describe(`shared files end with their pair: ${name}`, () => {
    const { pair } = guestsOf(topology);
    const api = () => topology().apiUrl;

    async function shareBoth(a: GuestClient, b: GuestClient, pairId: string): Promise<string[]> {
      const first = await shared(await uploadFile(api(), a.session.token, { data: png(), name: 'a.png', type: 'image/png' }));
      const second = await shared(await uploadFile(api(), b.session.token, { data: samples.pdf, name: 'b.pdf', type: 'application/pdf' }));
      expect((await filesOfPair(pairId)).length).toBeGreaterThan(0);
      return [first.fileId, second.fileId];
    }

    async function expectGone(pairId: string, fileIds: string[], tokens: string[]): Promise<void> {
      expect(await filesOfPair(pairId)).toEqual([]);
      for (const token of tokens) for (const fileId of fileIds) expect((await downloadFile(api(), token, fileId)).status).toBe(404);
    }

    it('deletes them when a guest skips with next', async () => {
      const [a, b, pairId] = await pair();
      const files = await shareBoth(a, b, pairId);
      a.emit('match:next', {});
      await b.waitFor('match:ended');
      await expectGone(pairId, files, [a.session.token, b.session.token]);
    });

    it('deletes them when a guest leaves', async () => {
      const [a, b, pairId] = await pair();
      const files = await shareBoth(a, b, pairId);
      b.emit('match:leave', {});
      await a.waitFor('match:ended');
      await expectGone(pairId, files, [a.session.token, b.session.token]);
    });

    it('keeps them through a reconnect within the grace window', async () => {
      const [a, b, pairId] = await pair();
      const [fileId] = await shareBoth(a, b, pairId);
      a.close();
      await b.waitFor('match:partner-reconnecting');
      a.clear();
      await a.connect(topology().gatewayUrls[1]);
      await a.waitFor('match:found', (found) => found.restored === true);
      expect((await downloadFile(api(), a.session.token, fileId)).status).toBe(200);
      expect((await filesOfPair(pairId)).length).toBeGreaterThan(0);
    });

    it('deletes them when a guest stays disconnected past the grace window', async () => {
      const [a, b, pairId] = await pair();
      const files = await shareBoth(a, b, pairId);
      a.close();
      await b.waitFor('match:partner-reconnecting');
      expect((await filesOfPair(pairId)).length).toBeGreaterThan(0);
      await b.waitFor('match:ended', () => true, topology().reconnectGraceMs + 3_000);
      await expectGone(pairId, files, [a.session.token, b.session.token]);
    });

    it('deletes them when a guest ends its session', async () => {
      const [a, b, pairId] = await pair();
      const files = await shareBoth(a, b, pairId);
      const end = await fetch(`${api()}/api/sessions/me`, { method: 'DELETE', headers: { authorization: `Bearer ${a.session.token}` } });
      expect(end.status).toBe(204);
      await b.waitFor('match:ended');
      await expectGone(pairId, files, [b.session.token]);
    });
  });
}
