import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KeySpace } from '@rendezvous/redis';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { OwnRedisServer } from '../../../../test/support/redis-server.js';
import { RedisPresenceRegistry } from '../presence/redis-presence.registry.js';
import { ProbeLimits } from './probe-limits.js';
import type { JoinResult, MatchRules, QueueEntry } from './queue-entry.js';
import { RedisMatchQueue } from './redis-match.queue.js';

/**
 * What a queue step costs Redis with 20,000 guests waiting, counted on a redis-server of this test's own
 * (INFO commandstats; commands run inside scripts count too). Times are the benchmark's (npm run bench);
 * here only a generous bound on the Redis CPU time of one step (INFO cpu, so a busy machine taking the
 * CPU away from Redis does not count), which the old whole-queue scans broke by far.
 */
const QUEUED = 20_000;
const SMALL = 40;
const FALLBACK_MS = 60_000;
const PAIR_TTL_MS = 60_000;
/** Redis CPU one step may take: each here takes well under 1 ms; dropping a gateway of 20,000 used to take 143. */
const STEP_CPU_MS = 25;
const TAGS = Array.from({ length: 30 }, (_, i) => `tag-${i}`);

const server = new OwnRedisServer();
let redis: Redis;

/** A queue under its own prefix with `count` guests who may never be paired with each other (one device), a third of them with interests. */
async function crowdedQueue(count: number): Promise<{ queue: RedisMatchQueue; presence: RedisPresenceRegistry; gateway: string; guest: (overrides?: Partial<QueueEntry>) => QueueEntry; rules: () => MatchRules }> {
  const root = new KeySpace(`cost-${randomUUID().slice(0, 8)}:`);
  const queue = new RedisMatchQueue(redis, root);
  const presence = new RedisPresenceRegistry(redis, root);
  const gateway = `gw-${randomUUID()}`;
  await presence.heartbeat(gateway, count, 600_000);
  let clock = Date.now();
  const rules = (): MatchRules => ({ now: clock, fallbackMs: FALLBACK_MS, pairTtlMs: PAIR_TTL_MS });
  const guest = (overrides: Partial<QueueEntry> = {}): QueueEntry => {
    clock += 1;
    const guestId = randomUUID();
    return { guestId, username: guestId.slice(0, 8), deviceId: `device-${guestId}`, interests: [], joinedAt: clock, gatewayId: gateway, ...overrides };
  };
  const crowd = Array.from({ length: count }, (_, i) => guest({ deviceId: 'crowd', interests: i % 3 === 0 ? [TAGS[i % 30], TAGS[(i * 7) % 30]] : [] }));
  for (let start = 0; start < count; start += 1_000) {
    const slice = crowd.slice(start, start + 1_000);
    await Promise.all(slice.map(({ guestId }) => presence.attach(guestId, { socketId: `s-${guestId}`, gatewayId: gateway })));
    const results = await queue.joinMany(slice, rules());
    expect(results.every((result) => result === null)).toBe(true);
  }
  return { queue, presence, gateway, guest, rules };
}

async function commandCount(): Promise<number> {
  const stats = await redis.info('commandstats');
  let total = 0;
  for (const [, name, calls] of stats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (!['info', 'slowlog', 'config'].includes(name)) total += Number(calls);
  return total;
}

async function redisCpuMs(): Promise<number> {
  const stats = await redis.info('cpu');
  const read = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(stats)?.[1] ?? 0);
  return (read('used_cpu_user') + read('used_cpu_sys')) * 1000;
}

/** The Redis CPU time of each step measured, in ms (INFO itself included, a fraction of a ms). */
const stepCpuMs: number[] = [];

/** Redis commands the step ran (its own, and those of the scripts it ran); its Redis CPU time goes to stepCpuMs. */
async function commandsOf(step: () => Promise<unknown>): Promise<number> {
  const [before, cpuBefore] = [await commandCount(), await redisCpuMs()];
  await step();
  stepCpuMs.push((await redisCpuMs()) - cpuBefore);
  return (await commandCount()) - before;
}

type Crowded = Awaited<ReturnType<typeof crowdedQueue>>;

/** The commands of: a join paired with one of the crowd, a join with three interests paired under one of them, a join with three interests nobody has. */
async function joinCosts({ queue, presence, guest, rules }: Crowded): Promise<number[]> {
  const joiners = [guest(), guest({ interests: ['nobody', 'else', TAGS[3]] }), guest({ interests: ['nobody-1', 'nobody-2', 'nobody-3'] })];
  for (const { guestId, gatewayId } of joiners) await presence.attach(guestId, { socketId: `s-${guestId}`, gatewayId });
  const costs: number[] = [];
  for (const joiner of joiners) costs.push(await commandsOf(() => queue.join(joiner, rules(), { requestId: randomUUID(), socketId: `s-${joiner.guestId}` })));
  return costs;
}

let small: Crowded;
let large: Crowded;

beforeAll(async () => {
  await server.start();
  redis = server.client();
  small = await crowdedQueue(SMALL);
  large = await crowdedQueue(QUEUED);
}, 120_000);

afterAll(async () => {
  await redis?.quit();
  await server.destroy();
});

describe(`RedisMatchQueue with ${QUEUED.toLocaleString('en')} guests queued`, () => {
  it('costs a join as many Redis commands as with a handful queued, a few per interest', async () => {
    const [few, many] = [await joinCosts(small), await joinCosts(large)];
    expect(many).toEqual(few);
    const [plain, sharedTag, noShare] = many;
    expect(plain).toBeLessThanOrEqual(16);
    expect(sharedTag).toBeLessThanOrEqual(20);
    expect(noShare).toBeLessThanOrEqual(20);
  });

  it(`runs a batch of joins as scripts of ${ProbeLimits.joinsPerScript} joins each`, async () => {
    const joiners = Array.from({ length: 3 * ProbeLimits.joinsPerScript }, (_, i) => large.guest({ interests: i % 2 ? [] : [TAGS[3], TAGS[6], 'rare'] }));
    for (const { guestId, gatewayId } of joiners) await large.presence.attach(guestId, { socketId: `s-${guestId}`, gatewayId });
    const scriptRuns = async () => Number(/^cmdstat_evalsha:calls=(\d+)/m.exec(await redis.info('commandstats'))?.[1] ?? 0);
    const before = await scriptRuns();
    let results: JoinResult[] = [];
    await commandsOf(async () => (results = await large.queue.joinMany(joiners, large.rules())));
    const scripts = (await scriptRuns()) - before;
    expect(scripts).toBe(3);
    expect(results.every((result) => result !== null && typeof result === 'object')).toBe(true);
  });

  it('sweeps in bounded steps: a handful of windows, whatever waits', async () => {
    const later = (crowded: Crowded) => ({ ...crowded.rules(), now: crowded.rules().now + 10 * FALLBACK_MS });
    const waiting = await large.queue.size();
    const few = await commandsOf(() => small.queue.sweep(later(small)));
    const many = await commandsOf(() => large.queue.sweep(later(large)));
    // with every guest with interests past its fallback, one sweep makes at most `promotions` of them ready
    expect(many).toBeLessThanOrEqual(ProbeLimits.checksPerSweep * 4);
    expect(many).toBeLessThanOrEqual(few * 3);
    expect(await large.queue.size()).toBe(waiting); // the crowd may not be paired with each other
    expect(waiting).toBeGreaterThan(QUEUED - 100);
  });

  it('forgets a dead gateway a slice at a time, each slice bounded', async () => {
    const slices: number[] = [];
    let guests = 0;
    for (let done = false; !done; ) {
      let slice: { guests: string[]; done: boolean } = { guests: [], done: true };
      slices.push(await commandsOf(async () => (slice = await large.presence.forgetGateway(large.gateway))));
      guests += slice.guests.length;
      done = slice.done;
    }
    expect(guests).toBe(QUEUED + 3 + 3 * ProbeLimits.joinsPerScript); // the crowd and every joiner above
    expect(slices.length).toBeGreaterThan(50);
    expect(Math.max(...slices)).toBeLessThanOrEqual(3 * 200 + 10);
    expect(await large.presence.isGatewayAlive(large.gateway)).toBe(false);
  });

  it(`takes Redis under ${STEP_CPU_MS} ms of CPU for any one step above: a join, a sweep, a slice of a dead gateway, a batch of joins`, () => {
    expect(stepCpuMs.length).toBeGreaterThan(50);
    expect(Math.max(...stepCpuMs)).toBeLessThan(STEP_CPU_MS);
  });
});
