import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserPool } from '../../e2e/support/browsers.mjs';
import { Guest, type CallStats, type GuestRun } from '../../e2e/support/guest.mjs';
import { DistributedCluster, type RunningApp } from '../support/distributed-cluster.js';
import { eventually, sleep } from '../support/eventually.js';
import { FrontDoor } from '../support/front-door.js';
import { HARNESS_APP_ENV } from '../support/harness-env.js';
import { metricValue } from '../support/metrics.js';
import { OwnRedisServer } from '../support/redis-server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WEB_ROOT = join(ROOT, 'dist', 'web', 'browser');
/** The gateway heartbeat TTL (the default): the dead gateway is noticed within it; the call must outlive that too. */
const GATEWAY_TTL_MS = 15_000;
const SAMPLE_EVERY_MS = 2_000;

const redisServer = new OwnRedisServer();
let cluster: DistributedCluster;
let door: FrontDoor;
let browsers: BrowserPool;
let run: GuestRun;

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} is missing: npm run build:web (npm run test:faults does)`);
  await redisServer.start();
  cluster = new DistributedCluster({ ...HARNESS_APP_ENV }, { redisUrl: redisServer.url });
  await cluster.start(2);
  door = await FrontDoor.start({ webRoot: WEB_ROOT, apiUrl: cluster.session.url, gatewayUrls: cluster.gateways.map((g) => g.url) });
  browsers = new BrowserPool(); // a fresh profile of its own
  run = {
    browsers,
    pairing: ['chromium', 'chromium'],
    config: { baseUrls: [door.url], socketUrls: [], apiUrls: [], callTimeoutMs: 30_000, stepTimeoutMs: 30_000 },
    guests: [],
    baseUrl: () => door.url,
  };
}, 90_000);

afterAll(async () => {
  for (const guest of run?.guests ?? []) await guest.close();
  await browsers?.close();
  await door?.close();
  await cluster?.stopAll();
  await redisServer.destroy();
});

async function socketsOn(gateway: RunningApp): Promise<number> {
  return metricValue(gateway.url, 'rendezvous_connected_sockets');
}

/** Samples both browsers' call every SAMPLE_EVERY_MS while `during` runs, then checks the video grew between every two samples. */
async function assertVideoKeepsFlowing(alice: Guest, bob: Guest, during: () => Promise<void>): Promise<void> {
  const samples: Array<{ alice: CallStats | null; bob: CallStats | null; phases: string[] }> = [];
  const sample = async () => {
    const [a, b, pa, pb] = await Promise.all([alice.stats(), bob.stats(), alice.phase(), bob.phase()]);
    samples.push({ alice: a, bob: b, phases: [pa, pb] });
  };
  await sample();
  let done = false;
  const sampling = (async () => {
    while (!done) {
      await sleep(SAMPLE_EVERY_MS);
      await sample();
    }
  })();
  try {
    await during();
  } finally {
    done = true;
    await sampling;
  }
  await sleep(SAMPLE_EVERY_MS);
  await sample();
  for (const s of samples) expect(s.phases).toEqual(['connected', 'connected']);
  for (let i = 1; i < samples.length; i++) {
    const [before, after] = [samples[i - 1], samples[i]];
    const grew = (who: 'alice' | 'bob') => (after[who]?.videoFramesDecoded ?? 0) > (before[who]?.videoFramesDecoded ?? 0);
    expect({ sample: i, alice: grew('alice'), bob: grew('bob') }).toEqual({ sample: i, alice: true, bob: true });
  }
  console.log(`video frames decoded: alice ${samples[0].alice?.videoFramesDecoded} → ${samples.at(-1)?.alice?.videoFramesDecoded}, bob ${samples[0].bob?.videoFramesDecoded} → ${samples.at(-1)?.bob?.videoFramesDecoded} over ${samples.length} samples`);
}

/** Both browsers can still chat through the server: the pairing survived. */
async function assertStillPaired(alice: Guest, bob: Guest): Promise<void> {
  await eventually(async () => (await alice.page.getByRole('alert').filter({ hasText: /Reconnecting|Could not reconnect/ }).count()) === 0, 10_000, 200);
  await eventually(async () => (await bob.page.getByRole('alert').filter({ hasText: /Reconnecting|Could not reconnect/ }).count()) === 0, 10_000, 200);
  const hello = `still here ${Date.now()}`;
  await alice.sendWithEnter(hello);
  await bob.waitPartnerMessage(hello);
  const reply = `me too ${Date.now()}`;
  await bob.sendWithEnter(reply);
  await alice.waitPartnerMessage(reply);
  for (const guest of [alice, bob]) guest.assertConsoleClean([hello, reply]);
}

describe('gateways going away during a browser video call', () => {
  let alice: Guest;
  let bob: Guest;

  it('keeps the video flowing both ways while the cut-off browser reconnects through the balancer to the other gateway', async () => {
    alice = await Guest.open(run, 'alice', door.url);
    await alice.start();
    await alice.waitSearching();
    bob = await Guest.open(run, 'bob', door.url);
    await bob.start();
    await Promise.all([alice.waitMatched(), bob.waitMatched()]);
    // Round robin put one browser on each gateway.
    const [first, second] = cluster.gateways;
    expect([await socketsOn(first), await socketsOn(second)]).toEqual([1, 1]);

    await alice.button('Video call').click();
    await bob.incomingDialog().waitFor();
    await bob.button('Accept').click();
    await Promise.all([alice.waitPhase('connected'), bob.waitPhase('connected')]);
    await Promise.all([alice.assertVideoFlowing(), bob.assertVideoFlowing()]);

    const victim = first; // one browser's gateway: that one is cut off, the other keeps its socket
    await assertVideoKeepsFlowing(alice, bob, async () => {
      await cluster.stop(victim, 'SIGKILL');
      const killedAt = Date.now();
      await eventually(async () => (await socketsOn(second)) === 2, 20_000, 200); // back within the 20-s window
      // ...and past the dead gateway's heartbeat expiry, when matchmaking sweeps it.
      await sleep(Math.max(0, killedAt + GATEWAY_TTL_MS + 2 * SAMPLE_EVERY_MS - Date.now()));
    });
    await assertStillPaired(alice, bob);
    expect(cluster.exited().map((app) => app.name)).toEqual([victim.name]);
  }, 180_000);

  it('keeps the video flowing while a SIGTERM drains the gateway both browsers are on, and they land on another', async () => {
    const [draining] = cluster.gateways.filter((g) => !cluster.exited().includes(g));
    const spare = await cluster.startApp('gateway', 'gateway-3');
    door.gatewayUrls.splice(0, door.gatewayUrls.length, draining.url, spare.url);
    expect(await socketsOn(draining)).toBe(2);
    await assertVideoKeepsFlowing(alice, bob, async () => {
      const exit = cluster.stop(draining, 'SIGTERM');
      await eventually(async () => (await socketsOn(spare)) === 2, 20_000, 200);
      expect(await exit).toBe(0);
    });
    await assertStillPaired(alice, bob);
  }, 120_000);
});
