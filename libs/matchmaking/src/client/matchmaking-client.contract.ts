import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ErrorCodes, ServerEvents } from '@rendezvous/contracts';
import { randomUUID } from 'node:crypto';
import type { ModerationStore, SessionStore } from '@rendezvous/session';
import type { RecordingNotifier } from '../../../../test/support/recording-notifier.js';
import type { MatchmakingService } from '../matchmaking.service.js';
import { QUIET_NOTICE_DELAY_MS } from '../reconnect-notices.js';
import type { JoinRequest } from '../matchmaking.requests.js';
import type { PresenceRegistry } from '../presence/presence-registry.port.js';
import type { MatchQueue } from '../queue/match-queue.port.js';
import type { MatchmakingClient } from './matchmaking-client.port.js';

/** A client of one flavour and, in this process, the matchmaking service behind it. */
export interface MatchmakingClientSubject {
  client: MatchmakingClient;
  service: MatchmakingService;
  presence: PresenceRegistry;
  /** The queue behind the service, to lift the re-match cool-down where a test is about something else. */
  queue: MatchQueue;
  notifier: RecordingNotifier;
  moderation: ModerationStore;
  /** The sessions the service reads reporters from. */
  sessions: SessionStore;
  reconnectGraceMs: number;
  close(): Promise<void>;
}

/** One behaviour for every MatchmakingClient: what a gateway can rely on, however it reaches matchmaking. */
export function matchmakingClientContract(name: string, makeSubject: () => Promise<MatchmakingClientSubject>): void {
  describe(`MatchmakingClient contract: ${name}`, () => {
    let subject: MatchmakingClientSubject;
    let client: MatchmakingClient;
    let notifier: RecordingNotifier;
    const gatewayId = `gw-${randomUUID()}`;

    beforeEach(async () => {
      subject = await makeSubject();
      ({ client, notifier } = subject);
      await subject.presence.heartbeat(gatewayId, 2, 60_000);
    });
    afterEach(async () => {
      await subject.close();
    });

    /** A socket opens, as its gateway handles it: attached in presence, then matchmaking is told. */
    async function connect(guestId: string, socketId: string): Promise<void> {
      await subject.presence.attach(guestId, { socketId, gatewayId });
      await client.connected({ guestId, socketId, gatewayId });
    }

    /** A socket closes, as its gateway handles it: detached at once, then matchmaking is told. */
    async function disconnect(guestId: string, socketId: string): Promise<void> {
      await subject.presence.detach(guestId, socketId);
      await client.disconnected({ guestId, socketId, gatewayId });
    }

    /** A guest with a live socket on the test gateway. */
    async function guest(overrides: Partial<JoinRequest> = {}): Promise<JoinRequest & { socketId: string }> {
      const guestId = randomUUID();
      const request = { guestId, username: `Guest ${guestId.slice(0, 6)}`, deviceId: `device-${guestId}`, interests: [], gatewayId, socketId: `socket-${guestId}`, ...overrides };
      await connect(guestId, request.socketId);
      return request;
    }

    async function pair(): Promise<[JoinRequest & { socketId: string }, JoinRequest & { socketId: string }]> {
      const a = await guest();
      const b = await guest();
      await client.join(a);
      await client.join(b);
      return [a, b];
    }

    it('answers a ping', async () => {
      await expect(client.ping()).resolves.toBeUndefined();
    });

    it('tells a lone guest it is searching, and counts it', async () => {
      const a = await guest();
      await client.join(a);
      expect(notifier.to(a.guestId, ServerEvents.MatchSearching)).toHaveLength(1);
      expect(await client.stats()).toEqual({ online: 2, searching: 1 });
    });

    it('answers each of several joins sent at once on its own: a banned guest is refused, the others pair', async () => {
      const [a, banned, b] = [await guest(), await guest(), await guest()];
      const policy = { threshold: 1, windowMs: 60_000, banMs: 60_000, addressBanMs: 60_000 };
      await subject.moderation.report({ guestId: banned.guestId, deviceId: banned.deviceId, ipHash: null }, { network: 'reporter', deviceId: null, weight: 1 }, policy, Date.now());
      const results = await Promise.allSettled([client.join(a), client.join(banned), client.join(b)]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: ErrorCodes.Banned });
      expect(notifier.to(b.guestId, ServerEvents.MatchFound)).toEqual([expect.objectContaining({ partner: { id: a.guestId, username: a.username, mode: 'text' } })]);
      expect(notifier.to(banned.guestId, ServerEvents.MatchSearching)).toEqual([]);
      expect(await client.stats()).toMatchObject({ searching: 0 });
    });

    it('tells a guest queued and paired by the same batch of joins only that it was matched', async () => {
      const [a, b] = [await guest(), await guest()];
      expect(await subject.service.joinMany([a, b])).toEqual([null, null]);
      expect(notifier.to(a.guestId, ServerEvents.MatchFound)).toEqual([expect.objectContaining({ partner: { id: b.guestId, username: b.username, mode: 'text' } })]);
      expect(notifier.to(a.guestId, ServerEvents.MatchSearching)).toEqual([]);
    });

    it('pairs two guests and tells both who the partner is, one of them the initiator', async () => {
      const [a, b] = await pair();
      const [foundA] = notifier.to(a.guestId, ServerEvents.MatchFound) as Array<{ partner: { id: string; username: string }; initiator: boolean; pairId: string }>;
      const [foundB] = notifier.to(b.guestId, ServerEvents.MatchFound) as Array<{ partner: { id: string; username: string }; initiator: boolean; pairId: string }>;
      expect(foundA.partner).toEqual({ id: b.guestId, username: b.username, mode: 'text' });
      expect(foundB.partner).toEqual({ id: a.guestId, username: a.username, mode: 'text' });
      expect(foundA.initiator).toBe(!foundB.initiator);
      expect(foundA.pairId).toBe(foundB.pairId);
      expect([...(notifier.pairRooms.get(foundA.pairId) ?? [])].sort()).toEqual([a.guestId, b.guestId].sort());
      expect(await client.stats()).toEqual({ online: 2, searching: 0 });
    });

    it('ends the pairing when a guest leaves: the partner hears partner-left, the leaver left', async () => {
      const [a, b] = await pair();
      await client.leave(a.guestId);
      expect(notifier.to(b.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'partner-left' }]);
      expect(notifier.to(a.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'left' }]);
      expect(notifier.pairRooms.size).toBe(0);
    });

    it('skips the partner on next: the partner hears partner-next, the skipper searches again and is not paired with it at once', async () => {
      const [a, b] = await pair();
      const searchingBefore = notifier.to(a.guestId, ServerEvents.MatchSearching).length;
      await client.next(a);
      expect(notifier.to(b.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'partner-next' }]);
      expect(notifier.to(a.guestId, ServerEvents.MatchSearching)).toHaveLength(searchingBefore + 1);
      await client.join(b);
      expect(notifier.to(b.guestId, ServerEvents.MatchSearching)).toHaveLength(1);
      expect(notifier.to(b.guestId, ServerEvents.MatchFound)).toHaveLength(1);
      expect(await client.stats()).toEqual({ online: 2, searching: 2 });
    });

    it('keeps a pairing through a disconnect and a reconnect within the grace window', async () => {
      const [a, b] = await pair();
      await disconnect(a.guestId, a.socketId);
      expect(notifier.to(b.guestId, ServerEvents.PartnerReconnecting)).toEqual([{ graceMs: subject.reconnectGraceMs }]);
      await connect(a.guestId, `${a.socketId}-again`);
      expect(notifier.to(a.guestId, ServerEvents.MatchFound).at(-1)).toMatchObject({ partner: { id: b.guestId }, restored: true });
      expect(notifier.to(b.guestId, ServerEvents.PartnerReconnected)).toHaveLength(1);
      await subject.service.sweep(Date.now() + subject.reconnectGraceMs + 1_000);
      expect(notifier.to(b.guestId, ServerEvents.MatchEnded)).toEqual([]);
    });

    it('coalesces the notices of a guest who reconnects again and again; a later absence that lasts is still told', async () => {
      const [a, b] = await pair();
      const socket = (n: number) => (n === 0 ? a.socketId : `${a.socketId}-${n}`);
      for (let i = 0; i < 5; i++) {
        await disconnect(a.guestId, socket(i));
        await connect(a.guestId, socket(i + 1));
      }
      expect(notifier.to(b.guestId, ServerEvents.PartnerReconnecting)).toHaveLength(1);
      expect(notifier.to(b.guestId, ServerEvents.PartnerReconnected)).toHaveLength(1);
      await disconnect(a.guestId, socket(5));
      await subject.service.sweep(Date.now());
      expect(notifier.to(b.guestId, ServerEvents.PartnerReconnecting)).toHaveLength(1);
      await subject.service.sweep(Date.now() + QUIET_NOTICE_DELAY_MS);
      expect(notifier.to(b.guestId, ServerEvents.PartnerReconnecting)).toHaveLength(2);
    });

    it('ends a pairing with partner-disconnected when the guest does not come back in time', async () => {
      const [a, b] = await pair();
      await disconnect(a.guestId, a.socketId);
      await subject.service.sweep(Date.now() + subject.reconnectGraceMs + 1_000);
      expect(notifier.to(b.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'partner-disconnected' }]);
    });

    it('ignores the disconnect of a socket that a newer one of the same guest replaced', async () => {
      const [a, b] = await pair();
      await connect(a.guestId, `${a.socketId}-new-tab`);
      await disconnect(a.guestId, a.socketId);
      expect(notifier.to(b.guestId, ServerEvents.PartnerReconnecting)).toEqual([]);
    });

    it('never matches a guest whose socket closed, even before matchmaking has handled the disconnect', async () => {
      const gone = await guest();
      await client.join(gone);
      await subject.presence.detach(gone.guestId, gone.socketId); // its gateway, at once; matchmaking is busy or away
      const b = await guest();
      await client.join(b);
      expect(notifier.to(b.guestId, ServerEvents.MatchFound)).toEqual([]);
      expect(notifier.to(b.guestId, ServerEvents.MatchSearching)).toHaveLength(1);
      await client.disconnected({ guestId: gone.guestId, socketId: gone.socketId, gatewayId }); // handled late, still applied
      expect(await client.stats()).toEqual({ online: 2, searching: 1 });
    });

    it('queues nobody for a join handled after its socket closed, and restores nothing for a connect handled after it', async () => {
      const a = await guest();
      await subject.presence.detach(a.guestId, a.socketId);
      await client.join(a);
      expect(await client.stats()).toMatchObject({ searching: 0 });
      expect(notifier.to(a.guestId, ServerEvents.MatchSearching)).toEqual([]);
      const [b, c] = await pair();
      await subject.presence.attach(b.guestId, { socketId: 'closed-at-once', gatewayId });
      await subject.presence.detach(b.guestId, 'closed-at-once');
      await client.connected({ guestId: b.guestId, socketId: 'closed-at-once', gatewayId });
      expect(notifier.to(b.guestId, ServerEvents.MatchFound).filter((found) => (found as { restored?: boolean }).restored)).toEqual([]);
      expect(notifier.to(c.guestId, ServerEvents.PartnerReconnected)).toEqual([]);
    });

    it('takes a disconnected guest out of the queue at once', async () => {
      const a = await guest();
      await client.join(a);
      await disconnect(a.guestId, a.socketId);
      expect(await client.stats()).toMatchObject({ searching: 0 });
    });

    it('ends the pairing on block and never pairs the two again, even once the re-match cool-down is lifted', async () => {
      const [a, b] = await pair();
      await client.block(a.guestId);
      expect(notifier.to(b.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'partner-left' }]);
      expect(notifier.to(a.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'blocked' }]);
      await subject.queue.avoid(a.guestId, b.guestId, 0);
      await client.join(a);
      await client.join(b);
      expect(notifier.to(b.guestId, ServerEvents.MatchSearching)).toHaveLength(1);
      expect(await client.stats()).toMatchObject({ searching: 2 });
    });

    it('ends the pairing on report, and answers NOT_CONNECTED to a report without a partner', async () => {
      const [a, b] = await pair();
      await client.report(a.guestId, 'spam');
      expect(notifier.to(b.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'partner-left' }]);
      expect(notifier.to(a.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'reported' }]);
      await expect(client.report(a.guestId, 'spam')).rejects.toMatchObject({ code: ErrorCodes.NotConnected });
    });

    it('weighs reports: a network once, a fresh or reported reporter half; the ban comes at the threshold (3)', async () => {
      const now = Date.now();
      /** A guest with a session record: created `ageMs` ago, from a network, on a device. */
      const withSession = async (ageMs: number, network: string, deviceId = `device-${randomUUID()}`) => {
        const request = await guest({ deviceId });
        await subject.sessions.create(
          {
            id: request.guestId,
            username: request.username,
            isOnline: true,
            lastSeen: new Date(now).toISOString(),
            socketId: request.socketId,
            connectedUser: null,
            deviceId,
            isSearching: false,
            interests: [],
            networkHash: network,
            sessionId: randomUUID(),
            createdAt: new Date(now - ageMs).toISOString(),
            connectedAt: null,
          },
          3_600,
        );
        return request;
      };
      const old = 10 * 60_000;
      const target = await withSession(old, 'target-net');
      const reportBy = async (reporter: JoinRequest) => {
        await client.join(target);
        await client.join(reporter);
        await client.report(reporter.guestId, 'spam');
      };
      const banned = () => notifier.to(target.guestId, ServerEvents.Error).filter((e) => (e as { code: string }).code === ErrorCodes.Banned).length;
      // (One device counting once is the store's contract: a reported device is blocked from its target, so it cannot report it twice here.)
      await reportBy(await withSession(old, 'net-1')); // 1
      await reportBy(await withSession(old, 'net-1')); // the same network: not counted
      await reportBy(await withSession(0, 'net-3')); // fresh: 1.5
      await reportBy(await withSession(old, 'net-4')); // 2.5
      const reportedItself = await withSession(0, 'net-5');
      await subject.moderation.report(
        { guestId: reportedItself.guestId, deviceId: reportedItself.deviceId },
        { network: 'someone', deviceId: null, weight: 1 },
        { threshold: 10, windowMs: 60_000, banMs: 60_000, addressBanMs: 60_000 },
        Date.now(),
      );
      await reportBy(reportedItself); // fresh and reported itself: a quarter, 2.75
      expect(banned()).toBe(0);
      await reportBy(await withSession(0, 'net-6')); // 3.25
      expect(banned()).toBe(1);
      await expect(client.join(target)).rejects.toMatchObject({ code: ErrorCodes.Banned });
    });

    it('ends everything a guest owns when its session ends', async () => {
      const [a, b] = await pair();
      await client.sessionEnded(a.guestId);
      expect(notifier.to(b.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'partner-left' }]);
      expect(notifier.to(a.guestId, ServerEvents.MatchEnded)).toEqual([{ reason: 'session-ended' }]);
      expect(notifier.disconnected).toEqual([a.guestId]);
    });
  });
}
