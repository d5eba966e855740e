import { describe, expect, it } from '@jest/globals';
import { describeCallEnd, initialCallState, isNegotiating, transition, type CallEvent, type CallState } from './call-state-machine.js';

function run(...events: CallEvent[]): CallState {
  return events.reduce(transition, initialCallState);
}

describe('call state machine', () => {
  it('takes a caller from dial to connected', () => {
    const state = run({ type: 'dial', callType: 'video' }, { type: 'answer-received' }, { type: 'ice-connected' });
    expect(state).toEqual({ phase: 'connected', callType: 'video', role: 'caller', lastEnd: null });
  });

  it('takes a callee from ringing to connected', () => {
    const state = run({ type: 'offer-received', callType: 'audio' }, { type: 'accept' }, { type: 'ice-connected' });
    expect(state).toEqual({ phase: 'connected', callType: 'audio', role: 'callee', lastEnd: null });
  });

  it.each<[string, CallEvent[], string]>([
    ['the partner declines', [{ type: 'dial', callType: 'video' }, { type: 'rejected' }], 'declined'],
    ['I decline', [{ type: 'offer-received', callType: 'video' }, { type: 'decline' }], 'declined-by-me'],
    ['nobody answers', [{ type: 'dial', callType: 'video' }, { type: 'timeout' }], 'no-answer'],
    ['I let it ring out', [{ type: 'offer-received', callType: 'video' }, { type: 'timeout' }], 'missed'],
    ['the caller gives up', [{ type: 'offer-received', callType: 'video' }, { type: 'remote-hang-up' }], 'missed'],
    ['I hang up', [{ type: 'dial', callType: 'audio' }, { type: 'answer-received' }, { type: 'hang-up' }], 'hung-up'],
    ['the partner hangs up', [{ type: 'dial', callType: 'audio' }, { type: 'answer-received' }, { type: 'remote-hang-up' }], 'ended-by-partner'],
    ['ICE gives up', [{ type: 'dial', callType: 'audio' }, { type: 'answer-received' }, { type: 'ice-gave-up' }], 'connection-failed'],
    ['the partner leaves', [{ type: 'offer-received', callType: 'video' }, { type: 'accept' }, { type: 'partner-left' }], 'partner-left'],
  ])('ends idle with a reason when %s', (_name, events, reason) => {
    const state = run(...events);
    expect(state.phase).toBe('idle');
    expect(state.lastEnd).toBe(reason);
    expect(describeCallEnd(state.lastEnd!)).toMatch(/\w/);
  });

  it('returns the same state object for an event that does not apply', () => {
    const idle = initialCallState;
    expect(transition(idle, { type: 'accept' })).toBe(idle);
    expect(transition(idle, { type: 'hang-up' })).toBe(idle);
    const connected = run({ type: 'dial', callType: 'video' }, { type: 'answer-received' }, { type: 'ice-connected' });
    expect(transition(connected, { type: 'offer-received', callType: 'video' })).toBe(connected);
    expect(transition(connected, { type: 'timeout' })).toBe(connected);
  });

  it('goes to reconnecting and back when ICE is interrupted', () => {
    const interrupted = run({ type: 'dial', callType: 'video' }, { type: 'answer-received' }, { type: 'ice-connected' }, { type: 'ice-interrupted' });
    expect(interrupted.phase).toBe('reconnecting');
    expect(transition(interrupted, { type: 'ice-connected' }).phase).toBe('connected');
  });

  it('lets the polite caller take the partner offer on a collision', () => {
    const state = run({ type: 'dial', callType: 'video' }, { type: 'collision-accepted', callType: 'video' });
    expect(state).toMatchObject({ phase: 'connecting', role: 'callee' });
  });

  it('treats offers during an established call as renegotiation', () => {
    expect(isNegotiating('connected')).toBe(true);
    expect(isNegotiating('reconnecting')).toBe(true);
    expect(isNegotiating('idle')).toBe(false);
    expect(isNegotiating('incoming')).toBe(false);
  });
});
