import { describe, expect, it } from '@jest/globals';
import { FakeStream, settle } from './testing/fakes.js';
import { link, PARTNER, remoteAnswer, remoteOffer, setup } from './testing/call-session-harness.js';

/** Offers and answers each side sent, in order. */
const wire = (side: ReturnType<typeof setup>) => side.signaling.events.filter((e) => e === 'offer' || e === 'answer');

describe('CallSession, two of them', () => {
  it('connect through call, accept and answer', async () => {
    const { alice, bob } = link();
    await alice.session.startCall('video');
    await settle();
    expect(bob.session.snapshot.state.phase).toBe('incoming');
    await bob.session.accept();
    await settle();
    expect(alice.session.snapshot.state.phase).toBe('connecting');
    expect(alice.pc().signalingState).toBe('stable');
    expect(bob.pc().signalingState).toBe('stable');
    expect(bob.signaling.answers.map((a) => a.callId)).toEqual(['alice-call-1']);
  });

  it('end on both sides when one hangs up', async () => {
    const { alice, bob } = link();
    await alice.session.startCall('audio');
    await settle();
    await bob.session.accept();
    await settle();
    bob.session.hangUp();
    await settle();
    expect(alice.session.snapshot.state.lastEnd).toBe('ended-by-partner');
    expect(alice.pc().closed).toBe(true);
  });

  describe('calling at the same moment (glare)', () => {
    for (const alicePolite of [false, true]) {
      const who = alicePolite ? 'the first caller is polite' : 'the first caller is impolite';
      it(`connect in one offer/answer round, sending on the transceivers of the impolite offer (${who})`, async () => {
        const { alice, bob } = link({ alicePolite });
        const [impolite, polite] = alicePolite ? [bob, alice] : [alice, bob];
        alice.devices.hold();
        bob.devices.hold();
        const calls = [alice.session.startCall('video'), bob.session.startCall('video')];
        await settle();
        alice.devices.release();
        bob.devices.release();
        await Promise.all(calls);
        await settle();

        expect(wire(impolite)).toEqual(['offer']);
        expect(wire(polite)).toEqual(['offer', 'answer']);
        expect(polite.signaling.answers[0]!.callId).toBe(impolite.signaling.offers[0]!.callId);
        expect(polite.marks).toContain('glare-took-partners-call');
        expect(impolite.marks).toContain('glare-kept-own-call');
        for (const side of [alice, bob]) {
          expect(side.session.snapshot.state.phase).toBe('connecting');
          expect(side.pc().signalingState).toBe('stable');
          expect(side.pc().sentTracks().map((t) => t.kind)).toEqual(['audio', 'video']);
          expect(side.session.snapshot.localStream).toBe(side.devices.handedOut[0]);
        }
        // The polite side dropped its unanswered connection and sends on the two sections of the impolite offer.
        expect(polite.pcs).toHaveLength(2);
        expect(polite.pcs[0]!.closed).toBe(true);
        expect(polite.pc().transceivers.map((t) => [t.mid, t.origin, t.direction])).toEqual([
          ['0', 'remote-offer', 'sendrecv'],
          ['1', 'remote-offer', 'sendrecv'],
        ]);
        expect(polite.pc().transceivers[1]!.codecPreferences?.[0]?.mimeType).toBe('video/VP8');
        expect(polite.devices.handedOut[0]!.tracks.some((t) => t.stopped)).toBe(false);
      });
    }

    it('connect in one round when the polite side\'s camera was ready before the partner\'s offer came', async () => {
      const { alice, bob } = link({ alicePolite: true });
      await Promise.all([alice.session.startCall('video'), bob.session.startCall('video')]);
      await settle();
      expect(wire(bob)).toEqual(['offer']);
      expect(wire(alice)).toEqual(['offer', 'answer']);
      expect(alice.pc().sentTracks().map((t) => t.kind)).toEqual(['audio', 'video']);
      expect(alice.session.snapshot.state.phase).toBe('connecting');
    });

    it('the polite side takes the partner\'s call even before its own offer went out', async () => {
      const polite = setup({ initiator: false });
      void polite.session.startCall('video');
      void polite.session.onOffer(remoteOffer('impolite-call'));
      await settle();
      expect(polite.signaling.offers).toEqual([]);
      expect(polite.signaling.answers.map((a) => a.callId)).toEqual(['impolite-call']);
      expect(polite.session.snapshot.state).toMatchObject({ phase: 'connecting', role: 'callee' });
    });
  });

  describe('descriptions that belong elsewhere', () => {
    it('ignores an offer of a call that has ended (a late renegotiation): no ringing', async () => {
      const { session, signaling, pc } = setup({ initiator: false });
      await session.onOffer(remoteOffer('call-1'));
      await session.accept();
      pc().setIceState('connected');
      session.hangUp();
      await session.onOffer(remoteOffer('call-1'));
      expect(session.snapshot.state).toMatchObject({ phase: 'idle', lastEnd: 'hung-up' });
      expect(signaling.answers).toHaveLength(1);

      await session.onOffer(remoteOffer('call-2'));
      expect(session.snapshot.state.phase).toBe('incoming');
    });

    it('ignores an offer of a declined call, and of the caller\'s own call after it timed out', async () => {
      const { session, timers } = setup({ initiator: false });
      await session.onOffer(remoteOffer('declined'));
      session.decline();
      await session.onOffer(remoteOffer('declined'));
      expect(session.snapshot.state.phase).toBe('idle');
      await session.onOffer(remoteOffer('missed'));
      timers.advance(40_000);
      await session.onOffer(remoteOffer('missed'));
      expect(session.snapshot.state).toMatchObject({ phase: 'idle', lastEnd: 'missed' });
    });

    it('ignores an offer, an answer, candidates and a hang-up from an earlier partner', async () => {
      const { session, signaling, pcs } = setup({ initiator: true, partner: 'carol' });
      await session.startCall('video');
      await settle();
      const callId = signaling.offers[0]!.callId;
      await session.onAnswer({ ...remoteAnswer(callId), from: PARTNER });
      await session.onOffer(remoteOffer('old-partners-call'));
      await session.onCandidate({ candidate: { candidate: 'c-old' }, from: PARTNER });
      session.onRemoteEnd(PARTNER);
      expect(session.snapshot.state.phase).toBe('outgoing');
      expect(pcs[0]!.remoteDescription).toBeNull();
      expect(pcs).toHaveLength(1);

      await session.onAnswer({ ...remoteAnswer(callId), from: 'carol' });
      expect(session.snapshot.state.phase).toBe('connecting');
    });

    it('ignores everything while between partners (after Next, before the next match)', async () => {
      const { session } = setup({ initiator: false });
      session.onPartnerLeft();
      await session.onOffer(remoteOffer('late'));
      expect(session.snapshot.state.phase).toBe('idle');
      await session.startCall('video');
      expect(session.snapshot.state.phase).toBe('idle');
    });

    it('ignores an answer of an earlier call of ours', async () => {
      const { session, signaling, pc } = setup();
      await session.startCall('video');
      await settle();
      const first = signaling.offers[0]!.callId;
      session.hangUp();
      await session.startCall('video');
      await settle();
      await session.onAnswer(remoteAnswer(first));
      expect(session.snapshot.state.phase).toBe('outgoing');
      expect(pc().signalingState).toBe('have-local-offer');
      await session.onAnswer(remoteAnswer(signaling.offers[1]!.callId));
      expect(session.snapshot.state.phase).toBe('connecting');
    });

    it('ignores an offer of another call while one is up, and keeps the call', async () => {
      const { session, signaling, pc } = setup({ initiator: false });
      await session.onOffer(remoteOffer('call-1'));
      await session.accept();
      pc().setIceState('connected');
      pc().emitRemoteTrack(new FakeStream([]));
      await session.onOffer(remoteOffer('something-else'));
      expect(session.snapshot.state.phase).toBe('connected');
      expect(signaling.answers).toHaveLength(1);
    });

    it('takes offers without a call id as before (a client from before call ids)', async () => {
      const { session, signaling, pc } = setup({ initiator: false });
      const { callId: _none, ...legacy } = remoteOffer();
      await session.onOffer(legacy);
      await session.accept();
      expect(signaling.answers[0]).not.toHaveProperty('callId');
      pc().setIceState('connected');
      await session.onOffer(legacy);
      expect(signaling.answers).toHaveLength(2);
    });
  });
});
