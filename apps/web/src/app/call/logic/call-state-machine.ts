import type { CallType } from './rtc-types.js';

/**
 * The call's life as a pure reducer: `transition(state, event)` returns the next state,
 * or the very same object when the event does not apply in that phase.
 */
export type CallPhase = 'idle' | 'outgoing' | 'incoming' | 'connecting' | 'connected' | 'reconnecting';
export type CallRole = 'caller' | 'callee';

export type CallEndReason =
  | 'hung-up'
  | 'ended-by-partner'
  | 'declined'
  | 'declined-by-me'
  | 'no-answer'
  | 'missed'
  | 'connection-failed'
  | 'partner-left'
  | 'error';

export interface CallState {
  readonly phase: CallPhase;
  readonly callType: CallType | null;
  readonly role: CallRole | null;
  /** Why the last call ended; kept while idle so the UI can say it. */
  readonly lastEnd: CallEndReason | null;
}

export type CallEvent =
  | { type: 'dial'; callType: CallType }
  | { type: 'offer-received'; callType: CallType }
  | { type: 'accept' }
  | { type: 'decline' }
  | { type: 'answer-received' }
  /** Simultaneous offers: the polite peer takes the partner's offer instead of its own. */
  | { type: 'collision-accepted'; callType: CallType }
  | { type: 'ice-connected' }
  | { type: 'ice-interrupted' }
  | { type: 'ice-gave-up' }
  | { type: 'hang-up' }
  | { type: 'remote-hang-up' }
  | { type: 'rejected' }
  | { type: 'timeout' }
  | { type: 'partner-left' }
  | { type: 'failed' };

export const initialCallState: CallState = { phase: 'idle', callType: null, role: null, lastEnd: null };

const ACTIVE: readonly CallPhase[] = ['outgoing', 'incoming', 'connecting', 'connected', 'reconnecting'];
const ESTABLISHING: readonly CallPhase[] = ['connecting', 'connected', 'reconnecting'];

export function isCallActive(phase: CallPhase): boolean {
  return ACTIVE.includes(phase);
}

/** True while media is (being) negotiated: offers then are renegotiations, answered without a dialog. */
export function isNegotiating(phase: CallPhase): boolean {
  return ESTABLISHING.includes(phase) || phase === 'outgoing';
}

function ended(state: CallState, reason: CallEndReason): CallState {
  return { phase: 'idle', callType: null, role: null, lastEnd: reason };
}

export function transition(state: CallState, event: CallEvent): CallState {
  const { phase } = state;
  switch (event.type) {
    case 'dial':
      return phase === 'idle' ? { phase: 'outgoing', callType: event.callType, role: 'caller', lastEnd: null } : state;
    case 'offer-received':
      return phase === 'idle' ? { phase: 'incoming', callType: event.callType, role: 'callee', lastEnd: null } : state;
    case 'accept':
      return phase === 'incoming' ? { ...state, phase: 'connecting' } : state;
    case 'decline':
      return phase === 'incoming' ? ended(state, 'declined-by-me') : state;
    case 'answer-received':
      return phase === 'outgoing' ? { ...state, phase: 'connecting' } : state;
    case 'collision-accepted':
      return phase === 'outgoing' ? { ...state, phase: 'connecting', callType: event.callType, role: 'callee' } : state;
    case 'ice-connected':
      // From outgoing too: ICE can come up before the code that applied the answer resumes.
      return phase === 'outgoing' || phase === 'connecting' || phase === 'reconnecting' ? { ...state, phase: 'connected' } : state;
    case 'ice-interrupted':
      return phase === 'connected' ? { ...state, phase: 'reconnecting' } : state;
    case 'ice-gave-up':
      return ESTABLISHING.includes(phase) ? ended(state, 'connection-failed') : state;
    case 'hang-up':
      return isCallActive(phase) ? ended(state, 'hung-up') : state;
    case 'remote-hang-up':
      if (phase === 'incoming') return ended(state, 'missed');
      return isCallActive(phase) ? ended(state, 'ended-by-partner') : state;
    case 'rejected':
      return phase === 'outgoing' ? ended(state, 'declined') : state;
    case 'timeout':
      if (phase === 'outgoing') return ended(state, 'no-answer');
      if (phase === 'incoming') return ended(state, 'missed');
      return state;
    case 'partner-left':
      return isCallActive(phase) ? ended(state, 'partner-left') : state;
    case 'failed':
      return isCallActive(phase) ? ended(state, 'error') : state;
  }
}

/** Plain words for the end of a call. */
export function describeCallEnd(reason: CallEndReason): string {
  switch (reason) {
    case 'hung-up':
      return 'You ended the call.';
    case 'ended-by-partner':
      return 'Your partner ended the call.';
    case 'declined':
      return 'Your partner declined the call.';
    case 'declined-by-me':
      return 'You declined the call.';
    case 'no-answer':
      return 'No answer: the call timed out.';
    case 'missed':
      return 'Missed call: it timed out or the caller hung up.';
    case 'connection-failed':
      return 'The call could not connect (network problem). Text chat still works.';
    case 'partner-left':
      return 'The call ended because your partner left.';
    case 'error':
      return 'The call failed. Text chat still works.';
  }
}
