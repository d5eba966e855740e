import { describe, expect, it } from '@jest/globals';
import { FakeStream, FakeTrack, settle } from './testing/fakes.js';
import { PARTNER, remoteAnswer, remoteOffer, setup } from './testing/call-session-harness.js';

describe('CallSession', () => {
  describe('as the caller', () => {
    it('gets media, sends an offer with the call type, and connects on answer + ICE', async () => {
      const { session, signaling, pc, devices } = setup();
      await session.startCall('video');
      await settle();
      expect(devices.requests).toEqual([{ audio: true, video: true }]);
      expect(pc().config.iceServers).toEqual([{ urls: 'stun:stun.example.org' }]);
      expect(signaling.offers).toHaveLength(1);
      expect(signaling.offers[0]!.type).toBe('video');
      expect(session.snapshot.state.phase).toBe('outgoing');

      await session.onAnswer(remoteAnswer(signaling.offers[0]!.callId));
      expect(session.snapshot.state.phase).toBe('connecting');
      pc().setIceState('connected');
      expect(session.snapshot.state.phase).toBe('connected');
    });

    it('names the call in its offer, and offers VP8 then H.264 first on the video transceiver', async () => {
      const { session, signaling, pc } = setup();
      await session.startCall('video');
      await settle();
      expect(signaling.offers.map((o) => o.callId)).toEqual(['me-call-1']);
      const [audio, video] = pc().transceivers;
      expect(audio!.codecPreferences).toBeNull();
      expect(video!.codecPreferences?.map((c) => c.mimeType)).toEqual(['video/VP8', 'video/H264', 'video/VP9']);
    });

    it('keeps the browser\'s codec order when it cannot list its codecs', async () => {
      const { session, pc } = setup({ videoCodecs: null });
      await session.startCall('video');
      expect(pc().transceivers.map((t) => t.codecPreferences)).toEqual([null, null]);
    });

    it('takes an answer without a call id (a client from before call ids)', async () => {
      const { session, pc } = setup();
      await session.startCall('audio');
      await settle();
      await session.onAnswer(remoteAnswer(undefined));
      expect(session.snapshot.state.phase).toBe('connecting');
      expect(pc().signalingState).toBe('stable');
    });

    it('sends the offer while the camera is still starting, then puts its tracks on the offered senders without a second offer', async () => {
      const { session, signaling, pc, devices } = setup();
      devices.hold();
      const calling = session.startCall('video');
      await settle();
      expect(devices.requests).toEqual([{ audio: true, video: true }]);
      expect(signaling.offers).toHaveLength(1);
      expect(pc().sentTracks()).toEqual([]);
      const [audio, video] = pc().transceivers;
      expect(audio!.sender.streams).toHaveLength(1);
      expect(video!.sender.streams).toEqual(audio!.sender.streams);

      devices.release();
      await calling;
      await settle();
      expect(pc().sentTracks().map((t) => t.kind)).toEqual(['audio', 'video']);
      expect(session.snapshot.localStream).toBe(devices.handedOut[0]);
      expect(session.snapshot.hasLocalVideo).toBe(true);
      expect(signaling.offers).toHaveLength(1);
    });

    it('turns the camera off again when the call ends before it has started', async () => {
      const { session, pc, devices } = setup();
      devices.hold();
      const calling = session.startCall('video');
      await settle();
      session.hangUp();
      devices.release();
      await calling;
      await settle();
      expect(pc().closed).toBe(true);
      expect(devices.handedOut[0]!.tracks.every((t) => t.stopped)).toBe(true);
      expect(session.snapshot.localStream).toBeNull();
    });

    it('counts as connected when ICE comes up before the answer handling finishes', async () => {
      const { session, pc, timers } = setup();
      await session.startCall('video');
      await settle();
      const answered = session.onAnswer(remoteAnswer(undefined));
      pc().setIceState('connected');
      await answered;
      expect(session.snapshot.state.phase).toBe('connected');
      timers.advance(60_000);
      expect(pc().restarts).toBe(0);
    });

    it('cleans up everything on hang up: pc closed, tracks stopped, call-end sent, timers cleared', async () => {
      const { session, signaling, pc, devices, timers } = setup();
      await session.startCall('video');
      await settle();
      await session.onAnswer(remoteAnswer(undefined));
      pc().setIceState('connected');
      const remote = new FakeStream([new FakeTrack('video')]);
      pc().emitRemoteTrack(remote);
      expect(session.snapshot.remoteStream).toBe(remote);

      session.hangUp();
      expect(signaling.events).toContain('end');
      expect(pc().closed).toBe(true);
      expect(devices.handedOut[0]!.tracks.every((t) => t.stopped)).toBe(true);
      expect(remote.tracks.every((t) => t.stopped)).toBe(true);
      expect(timers.count).toBe(0);
      expect(session.snapshot.state).toMatchObject({ phase: 'idle', lastEnd: 'hung-up' });
      expect(session.snapshot.localStream).toBeNull();
      expect(session.snapshot.endMessage).toBe('You ended the call.');
    });

    it('says "declined" when the partner rejects', async () => {
      const { session, pc } = setup();
      await session.startCall('audio');
      session.onRemoteReject(PARTNER);
      expect(pc().closed).toBe(true);
      expect(session.snapshot.endMessage).toMatch(/declined/);
    });

    it('ends on the server call-timeout, and by itself if that never comes', async () => {
      const first = setup();
      await first.session.startCall('video');
      first.session.onTimeout();
      expect(first.session.snapshot.state.lastEnd).toBe('no-answer');
      expect(first.timers.count).toBe(0);

      const second = setup();
      await second.session.startCall('video');
      second.timers.advance(32_000);
      expect(second.session.snapshot.state.lastEnd).toBe('no-answer');
      expect(second.signaling.events).toContain('end');
    });

    it('falls back to audio only with a message when the camera is denied', async () => {
      const { session, pc, devices } = setup({ deny: { video: 'NotAllowedError' } });
      await session.startCall('video');
      expect(devices.requests).toEqual([{ audio: true, video: true }, { audio: true, video: false }]);
      expect(session.snapshot.mediaNotice).toBe('Permission to use the camera was denied: continuing with audio only.');
      expect(pc().sentTracks().map((t) => t.kind)).toEqual(['audio']);
      // The video transceiver of the offer stays: the partner's video is still received.
      expect(pc().transceivers.map((t) => [t.kind, t.direction])).toEqual([['audio', 'sendrecv'], ['video', 'sendrecv']]);
      expect(session.snapshot.hasLocalVideo).toBe(false);
    });

    it('still calls, receive-only, with no camera and no microphone', async () => {
      const { session, pc, signaling } = setup({ deny: { video: 'NotFoundError', audio: 'NotFoundError' } });
      await session.startCall('video');
      await settle();
      expect(pc().transceivers.map((t) => t.kind)).toEqual(['audio', 'video']);
      expect(pc().sentTracks()).toEqual([]);
      expect(signaling.offers).toHaveLength(1);
      expect(session.snapshot.mediaNotice).toMatch(/No microphone was found/);
    });

    it('restarts ICE once after 15 s without connecting, then ends the call with a message', async () => {
      const { session, pc, timers, signaling } = setup();
      await session.startCall('video');
      await settle();
      await session.onAnswer(remoteAnswer(undefined));
      timers.advance(15_000);
      expect(pc().restarts).toBe(1);
      expect(session.snapshot.restartingIce).toBe(true);
      await settle();
      expect(signaling.offers).toHaveLength(2);
      timers.advance(15_000);
      expect(session.snapshot.state).toMatchObject({ phase: 'idle', lastEnd: 'connection-failed' });
      expect(pc().closed).toBe(true);
      expect(signaling.events).toContain('end');
    });
  });

  describe('as the callee', () => {
    it('rings without touching media, queues early candidates, and answers on Accept', async () => {
      const { session, signaling, pcs, pc, devices, timers } = setup({ initiator: false });
      await session.onOffer(remoteOffer());
      await session.onCandidate({ candidate: { candidate: 'c1' }, from: PARTNER });
      await session.onCandidate({ candidate: { candidate: 'c2' }, from: PARTNER });
      expect(session.snapshot.state.phase).toBe('incoming');
      expect(session.snapshot.ringingUntil).toBe(timers.now + 30_000);
      expect(pcs).toHaveLength(0);
      expect(devices.requests).toHaveLength(0);

      await session.accept();
      await settle();
      expect(pc().remoteDescription).toEqual(remoteOffer().offer);
      expect(pc().addedCandidates.map((c) => c.candidate)).toEqual(['c1', 'c2']);
      expect(pc().sentTracks().map((t) => t.kind)).toEqual(['audio', 'video']);
      expect(signaling.answers).toHaveLength(1);
      expect(session.snapshot.state.phase).toBe('connecting');
      expect(session.snapshot.ringingUntil).toBeNull();
    });

    it('asks for the camera on Accept, not before, answers at once, and sends on the offer\'s own transceivers when the camera is ready', async () => {
      const { session, signaling, pc, devices } = setup({ initiator: false });
      await session.onOffer(remoteOffer());
      expect(devices.requests).toHaveLength(0);
      devices.hold();
      const accepting = session.accept();
      await settle();
      expect(devices.requests).toEqual([{ audio: true, video: true }]);
      expect(pc().remoteDescription).toEqual(remoteOffer().offer);
      expect(signaling.answers).toEqual([{ answer: expect.objectContaining({ type: 'answer' }), callId: 'their-call' }]);
      expect(pc().transceivers.map((t) => [t.mid, t.origin, t.direction])).toEqual([
        ['0', 'remote-offer', 'sendrecv'],
        ['1', 'remote-offer', 'sendrecv'],
      ]);
      expect(pc().transceivers.every((t) => t.sender.streams.length === 1)).toBe(true);
      expect(pc().sentTracks()).toEqual([]);

      devices.release();
      await accepting;
      expect(pc().sentTracks().map((t) => t.kind)).toEqual(['audio', 'video']);
      expect(pc().transceivers).toHaveLength(2);
      expect(signaling.answers).toHaveLength(1);
      await settle();
      expect(signaling.offers).toEqual([]);
    });

    it('turns the camera off again when the call ends while it is starting after Accept', async () => {
      const { session, signaling, pc, devices } = setup({ initiator: false });
      await session.onOffer(remoteOffer());
      devices.hold();
      const accepting = session.accept();
      await settle();
      session.hangUp();
      devices.release();
      await accepting;
      await settle();
      expect(pc().closed).toBe(true);
      expect(devices.handedOut[0]!.tracks.every((t) => t.stopped)).toBe(true);
      expect(pc().sentTracks()).toEqual([]);
      expect(signaling.events).toEqual(['answer', 'end']);
    });

    it('sends call-reject on Decline and holds no resources', async () => {
      const { session, signaling, pcs, timers } = setup({ initiator: false });
      await session.onOffer(remoteOffer());
      session.decline();
      expect(signaling.events).toEqual(['reject']);
      expect(pcs).toHaveLength(0);
      expect(timers.count).toBe(0);
      expect(session.snapshot.endMessage).toBe('You declined the call.');
    });

    it('answers a renegotiation offer during the call without ringing', async () => {
      const { session, signaling, pc } = setup({ initiator: false });
      await session.onOffer(remoteOffer());
      await session.accept();
      pc().setIceState('connected');
      await session.onOffer(remoteOffer('their-call'));
      expect(session.snapshot.state.phase).toBe('connected');
      expect(signaling.answers).toHaveLength(2);
    });

    it('ends and frees everything when the partner leaves mid-call', async () => {
      const { session, pc, devices } = setup({ initiator: false });
      await session.onOffer(remoteOffer());
      await session.accept();
      session.onPartnerLeft();
      expect(pc().closed).toBe(true);
      expect(devices.handedOut[0]!.tracks.every((t) => t.stopped)).toBe(true);
      expect(session.snapshot.endMessage).toMatch(/partner left/);
    });
  });
});
