import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AppConfigModule } from '@rendezvous/config';
import { ServerEvents } from '@rendezvous/contracts';
import { RateLimitModule, StreamsBusClient } from '@rendezvous/redis';
import { ModerationModule, SessionStoreModule } from '@rendezvous/session';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { TestBus, testConfig } from '../../../../test/support/bus-host.js';
import { eventually } from '../../../../test/support/eventually.js';
import { TEST_REDIS_URL } from '../../../../test/support/test-redis.js';
import { RecordingNotifier } from '../../../../test/support/recording-notifier.js';
import { MATCHMAKING_BUS } from '../bus/matchmaking.patterns.js';
import { MatchmakingModule } from '../matchmaking.module.js';
import type { JoinRequest } from '../matchmaking.requests.js';
import { GuestNotifier } from '../notifier/guest-notifier.port.js';
import { PresenceRegistry } from '../presence/presence-registry.port.js';
import { MatchQueue } from '../queue/match-queue.port.js';
import { BusMatchmakingClient } from './bus-matchmaking.client.js';

/**
 * The bus delivers at least once: a replica that dies after its handler's effect but before its
 * acknowledgement has that request run again by another. This client puts every request in the
 * stream twice (the same entry: same request id, same reply address), as such a redelivery does.
 */
class RedeliveringBusClient extends StreamsBusClient {
  protected override async add(pattern: string, fields: string[]): Promise<unknown> {
    const first = await super.add(pattern, fields);
    await super.add(pattern, fields);
    return first;
  }
}

const config = testConfig({ RECONNECT_GRACE_MS: '60000' });
const bus = new TestBus();
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
afterAll(async () => {
  await bus.close();
  await redis.quit();
});

describe('Matchmaking over a bus that delivers every request twice', () => {
  let client: BusMatchmakingClient;
  let notifier: RecordingNotifier;
  let presence: PresenceRegistry;
  let queue: MatchQueue;
  let close: () => Promise<void>;
  const gatewayId = `gw-${randomUUID()}`;

  beforeEach(async () => {
    notifier = new RecordingNotifier();
    const service = await bus.serve({
      imports: [
        AppConfigModule.forRoot(config),
        SessionStoreModule.forRoot('memory'),
        ModerationModule.forRoot('memory'),
        RateLimitModule.forRoot('memory'),
        MatchmakingModule.forRoot({ store: 'memory', bus: true, notifier: { provide: GuestNotifier, useValue: notifier } }),
      ],
    });
    const gateway = await bus.client(config, MATCHMAKING_BUS, { providers: [BusMatchmakingClient] }, RedeliveringBusClient);
    client = gateway.app.get(BusMatchmakingClient);
    presence = service.app.get(PresenceRegistry);
    queue = service.app.get(MatchQueue);
    await presence.heartbeat(gatewayId, 4, 60_000);
    close = async () => {
      await gateway.close();
      await service.close();
    };
  });
  afterEach(() => close());

  async function guest(): Promise<JoinRequest & { socketId: string }> {
    const guestId = randomUUID();
    const socketId = `socket-${guestId}`;
    await presence.attach(guestId, { socketId, gatewayId });
    await client.connected({ guestId, socketId, gatewayId });
    return { guestId, username: `Guest ${guestId.slice(0, 6)}`, deviceId: null, interests: [], gatewayId, socketId };
  }

  /** Both deliveries of every request handled: nothing left in the stream (handled requests are deleted). */
  const settled = () => eventually(async () => expect(await redis.xlen(`${bus.prefix}matchmaking`)).toBe(0));

  it('tells each guest of its pairing once, and each searching guest once', async () => {
    const [a, b] = [await guest(), await guest()];
    await client.join(a);
    await client.join(b);
    await settled();
    expect(notifier.to(a.guestId, ServerEvents.MatchSearching)).toHaveLength(1);
    expect(notifier.to(a.guestId, ServerEvents.MatchFound)).toHaveLength(1);
    expect(notifier.to(b.guestId, ServerEvents.MatchFound)).toHaveLength(1);
  });

  it('never lets the second delivery of a next end the pair the first one made', async () => {
    const [a, b, c] = [await guest(), await guest(), await guest()];
    await client.join(a);
    await client.join(b);
    await client.join(c);
    await client.next(a);
    await settled();
    expect(notifier.to(b.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'partner-next' }]);
    expect(notifier.to(a.guestId, ServerEvents.MatchFound).map((found) => (found as { partner: { id: string } }).partner.id)).toEqual([b.guestId, c.guestId]);
    expect(notifier.to(c.guestId, ServerEvents.MatchEnded)).toEqual([]);
    expect(await queue.pairOf(a.guestId)).toMatchObject({ partnerId: c.guestId });
  });

  it('ends a pairing once on leave, block and report, and answers each once', async () => {
    const [a, b, c, d, e, f] = [await guest(), await guest(), await guest(), await guest(), await guest(), await guest()];
    for (const g of [a, b, c, d, e, f]) await client.join(g);
    await client.leave(a.guestId);
    await client.block(c.guestId);
    await client.report(e.guestId, 'spam');
    await settled();
    expect(notifier.to(b.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'partner-left' }]);
    expect(notifier.to(d.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'partner-left' }]);
    expect(notifier.to(f.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'partner-left' }]);
    expect(notifier.to(c.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'blocked' }]);
    expect(notifier.to(e.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'reported' }]);
  });

  it('starts the grace window once for a disconnect, and keeps its first deadline', async () => {
    const [a, b] = [await guest(), await guest()];
    await client.join(a);
    await client.join(b);
    await presence.detach(a.guestId, a.socketId);
    await client.disconnected({ guestId: a.guestId, socketId: a.socketId, gatewayId });
    await settled();
    expect(notifier.to(b.guestId, ServerEvents.PartnerReconnecting)).toHaveLength(1);
    expect(await presence.graceCount()).toBe(1);
  });
});
