import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { RedisTarget } from '@rendezvous/config';
import { ErrorCodes } from '@rendezvous/contracts';
import { throwError } from 'rxjs';
import { randomBytes } from 'node:crypto';
import { eventually, sleep } from '../../../../test/support/eventually.js';
import { deleteKeys, keysMatching, testRedisTarget, type RedisMode } from '../../../../test/support/test-redis.js';
import { createRedisClient, type RedisClient } from '../create-redis-client.js';
import { BUS_GROUP } from './bus-keys.js';
import type { BusOptions } from './bus-options.js';
import { busDeliver, busRequest } from './bus-request.js';
import { StreamsBusClient } from './streams-bus.client.js';
import { StreamsBusServer } from './streams-bus.server.js';

/**
 * The bus transport itself, against a real Redis: replicas of one service compete for its requests,
 * a dead replica's requests are taken over, late requests are dropped, and answers reach their caller only.
 * Once on one Redis, once on a Redis Cluster (each stream on its own shard).
 */
let target: RedisTarget;
let redis: RedisClient;
let prefix = '';
let started: Array<{ close(): Promise<unknown> }> = [];

/** What one replica did: the requests its handler ran. */
interface Replica {
  server: StreamsBusServer;
  handled: string[];
}

function options(overrides: Partial<BusOptions> = {}): BusOptions {
  return { redis: target, prefix, claimIdleMs: 300, ...overrides };
}

/** A replica of the `echo` service: `echo.ask {n}` → `{n, by}` after `delayMs`; `echo.fail` answers an error, `echo.crash` throws. */
async function replica(name: string, delayMs = 2, overrides: Partial<BusOptions> = {}): Promise<Replica> {
  const server = new StreamsBusServer(options(overrides));
  const handled: string[] = [];
  server.addHandler('echo.ask', async (data: { n: string }) => {
    handled.push(data.n);
    await sleep(delayMs);
    return { n: data.n, by: name };
  });
  // As Nest's RPC exception filters answer (RpcDomainErrorFilter): an observable that errors.
  server.addHandler('echo.fail', async () => throwError(() => ({ code: ErrorCodes.NotConnected, message: 'no partner' })));
  server.addHandler('echo.crash', async () => {
    throw new Error('bug');
  });
  await new Promise<void>((resolve, reject) => server.listen((error?: unknown) => (error ? reject(error) : resolve())));
  started.push(server);
  return { server, handled };
}

async function client(): Promise<StreamsBusClient> {
  const bus = new StreamsBusClient(options());
  await bus.connect();
  started.push(bus);
  return bus;
}

async function streamKeys(): Promise<string[]> {
  return keysMatching(redis, `${prefix}*`);
}

function fresh(): void {
  prefix = `rdvtest:${randomBytes(4).toString('hex')}:bus:`;
}
fresh();

afterEach(async () => {
  for (const closable of started.splice(0).reverse()) await closable.close();
  const keys = await streamKeys();
  await deleteKeys(redis, keys);
  fresh();
});
describe.each<RedisMode>(['single', 'cluster'])('StreamsBus (Redis Streams consumer group), Redis %s', (mode) => {
  beforeAll(() => {
    target = testRedisTarget(mode);
    redis = createRedisClient(target, 'bus-test');
  });
  afterAll(() => redis.quit());

  it('hands each request to exactly one of several replicas, and every caller gets its own answer', async () => {
    const replicas = await Promise.all(['r1', 'r2', 'r3'].map((name) => replica(name, 5)));
    const callers = [await client(), await client()];
    const asked = Array.from({ length: 300 }, (_, i) => `q${i}`);
    const answers = await Promise.all(asked.map((n, i) => busRequest<{ n: string; by: string }>(callers[i % 2], 'echo.ask', { n }, 10_000)));
    expect(answers.map((answer) => answer.n)).toEqual(asked);
    const handled = replicas.flatMap((r) => r.handled).sort();
    expect(handled).toEqual([...asked].sort()); // each once: none lost, none twice
    expect(replicas.filter((r) => r.handled.length > 0).length).toBeGreaterThan(1);
    const handledBy = new Map(replicas.flatMap((r, i) => r.handled.map((n) => [n, `r${i + 1}`] as const)));
    expect(answers.filter((answer) => handledBy.get(answer.n) !== answer.by)).toEqual([]); // the answer came from the one that ran it
    expect(await redis.xlen(`${prefix}echo`)).toBe(0); // handled requests are deleted
  });

  it('answers the error the handler raised, as it was raised, and a crash of the handler at once (not at the deadline)', async () => {
    await replica('r1');
    const caller = await client();
    await expect(busRequest(caller, 'echo.fail', {}, 5_000)).rejects.toMatchObject({ code: ErrorCodes.NotConnected, message: 'no partner' });
    const started = Date.now();
    await expect(busRequest(caller, 'echo.crash', {}, 5_000)).rejects.toMatchObject({ code: ErrorCodes.ServiceUnavailable });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('lets a live replica take over a request that a replica read and then died with', async () => {
    const caller = await client();
    const stream = `${prefix}echo`;
    await redis.xgroup('CREATE', stream, BUS_GROUP, '0', 'MKSTREAM');
    const answer = busRequest<{ n: string; by: string }>(caller, 'echo.ask', { n: 'orphan' }, 10_000);
    // A replica reads the request and dies before answering: it stays pending under its name.
    const read = await eventually(async () => {
      const got = (await redis.xreadgroup('GROUP', BUS_GROUP, 'dead-replica', 'COUNT', 1, 'STREAMS', stream, '>')) as unknown[] | null;
      if (!got) throw new Error('nothing yet');
      return got;
    });
    expect(read).toHaveLength(1);
    const live = await replica('live');
    expect(await answer).toEqual({ n: 'orphan', by: 'live' });
    expect(live.handled).toEqual(['orphan']);
    await eventually(async () => expect(await redis.xpending(stream, BUS_GROUP)).toEqual([0, null, null, null]));
  });

  it('keeps a slow request with the replica working on it, rather than running it twice', async () => {
    const slow = await replica('slow', 1_500);
    const caller = await client();
    const answer = busRequest<{ by: string }>(caller, 'echo.ask', { n: 'slow' }, 10_000);
    await eventually(() => expect(slow.handled).toEqual(['slow']));
    const other = await replica('other');
    expect(await answer).toMatchObject({ by: 'slow' });
    expect(other.handled).toEqual([]);
  });

  it('drops a request whose caller gave up, unexecuted, and runs a request without a deadline whenever a replica comes', async () => {
    const caller = await client();
    await expect(busRequest(caller, 'echo.ask', { n: 'late' }, 400)).rejects.toMatchObject({ code: ErrorCodes.ServiceUnavailable });
    expect(await busDeliver(caller, 'echo.ask', { n: 'durable' }, 400)).toBe('queued');
    const late = await replica('late-comer');
    await eventually(() => expect(late.handled).toEqual(['durable']));
    expect(await busRequest(caller, 'echo.ask', { n: 'now' }, 5_000)).toMatchObject({ n: 'now' });
    expect(late.handled).toEqual(['durable', 'now']);
    await eventually(async () => expect(await redis.xlen(`${prefix}echo`)).toBe(0));
  });

  it('sends each answer to the calling process only', async () => {
    await replica('r1');
    const [a, b] = [await client(), await client()];
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => busRequest(a, 'echo.ask', { n: `a${i}` }, 5_000)),
      ...Array.from({ length: 20 }, (_, i) => busRequest(b, 'echo.ask', { n: `b${i}` }, 5_000)),
    ]);
    const replyStreams = (await streamKeys()).filter((key) => key.startsWith(`${prefix}reply:`));
    expect(replyStreams).toHaveLength(2);
    const tagsPerStream = await Promise.all(
      replyStreams.map(async (key) => {
        const entries = (await redis.xrange(key, '-', '+')) as Array<[string, string[]]>;
        return [...new Set(entries.map(([, fields]) => (JSON.parse(fields[3]) as { response: { n: string } }).response.n[0]))];
      }),
    );
    expect(tagsPerStream.map((tags) => tags.join()).sort()).toEqual(['a', 'b']);
  });

  it('bounds what it leaves in Redis: reply streams expire, a request stream is capped while nobody reads it', async () => {
    await replica('r1');
    const caller = new StreamsBusClient(options({ maxLength: 100 }));
    started.push(caller);
    await busRequest(caller, 'echo.ask', { n: 'one' }, 5_000);
    for (const key of (await streamKeys()).filter((k) => k.startsWith(`${prefix}reply:`))) {
      expect(await redis.pttl(key)).toBeGreaterThan(0);
    }
    const results = await Promise.all(Array.from({ length: 1_000 }, (_, i) => busDeliver(caller, 'nobody.listens', { i }, 1)));
    expect(new Set(results)).toEqual(new Set(['queued']));
    expect(await redis.xlen(`${prefix}nobody`)).toBeLessThanOrEqual(300); // MAXLEN ~ trims whole nodes of 100
  });

  it('finishes the requests in hand when a replica stops, and leaves the group', async () => {
    const stopping = await replica('stopping', 300);
    const caller = await client();
    const answers = Promise.all(Array.from({ length: 5 }, (_, i) => busRequest<{ by: string }>(caller, 'echo.ask', { n: `s${i}` }, 5_000)));
    await eventually(() => expect(stopping.handled.length).toBe(5));
    await stopping.server.close();
    expect((await answers).map((a) => a.by)).toEqual(Array(5).fill('stopping'));
    expect(await redis.xinfo('CONSUMERS', `${prefix}echo`, BUS_GROUP)).toEqual([]);
  });
});
