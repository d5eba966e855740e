import { describe, expect, it } from '@jest/globals';
import { ManualTimers } from '../../call/logic/testing/fakes.js';
import { FullJitterBackoff } from './full-jitter-backoff.js';
import { ReconnectScheduler } from './reconnect-scheduler.js';

/** Draws the top of each interval, so attempts fall at known times: 1 s, +2 s, +4 s, +8 s, +8 s … */
function setup({ everyAttemptFails = false } = {}) {
  const timers = new ManualTimers();
  const calls: string[] = [];
  const backoff = new FullJitterBackoff({ baseMs: 1_000, capMs: 8_000 }, () => 0.999_999);
  const scheduler: ReconnectScheduler = new ReconnectScheduler(
    timers,
    20_000,
    {
      attempt: () => {
        calls.push(`attempt@${timers.now}`);
        // the connect_error arrives a moment later
        if (everyAttemptFails) timers.setTimeout(() => scheduler.attemptFailed(), 50);
      },
      giveUp: () => calls.push(`give-up@${timers.now}`),
    },
    backoff,
  );
  return { timers, calls, scheduler, backoff };
}

describe('ReconnectScheduler', () => {
  it('retries after a loss with growing random delays, each failure scheduling the next, until the window closes', () => {
    const { timers, calls, scheduler } = setup({ everyAttemptFails: true });
    scheduler.lost();
    timers.advance(60_000);
    expect(calls).toEqual(['attempt@999', 'attempt@3048', 'attempt@7097', 'attempt@15146', 'give-up@20000']);
    expect(timers.count).toBe(0);
  });

  it('stops on connecting, and the next loss starts from the shortest delay', () => {
    const { timers, calls, scheduler } = setup();
    scheduler.lost();
    timers.advance(999);
    scheduler.attemptFailed();
    timers.advance(1_999);
    scheduler.connected();
    expect(scheduler.recovering).toBe(false);
    timers.advance(60_000);
    expect(calls).toEqual(['attempt@999', 'attempt@2998']);
    scheduler.lost();
    timers.advance(999);
    expect(calls.at(-1)).toBe('attempt@63997');
  });

  it('attempts at once when the server asks, within the same window', () => {
    const { timers, calls, scheduler } = setup({ everyAttemptFails: true });
    scheduler.now();
    expect(calls).toEqual(['attempt@0']);
    timers.advance(20_000);
    expect(calls).toEqual(['attempt@0', 'attempt@1049', 'attempt@3098', 'attempt@7147', 'attempt@15196', 'give-up@20000']);
  });

  it('does not retry a loss the server caused on purpose, but still gives up when the window closes', () => {
    const { timers, calls, scheduler } = setup();
    scheduler.lost(false);
    expect(scheduler.recovering).toBe(true);
    timers.advance(20_000);
    expect(calls).toEqual(['give-up@20000']);
  });

  it('keeps one attempt pending at a time, however often a loss is reported', () => {
    const { timers, calls, scheduler } = setup();
    scheduler.lost();
    scheduler.lost();
    scheduler.attemptFailed();
    timers.advance(999);
    expect(calls).toEqual(['attempt@999']);
  });

  it('starts a new loss after giving up from the shortest delay again', () => {
    const { timers, calls, scheduler } = setup({ everyAttemptFails: true });
    scheduler.lost();
    timers.advance(20_000);
    calls.length = 0;
    scheduler.now();
    timers.advance(1_049);
    expect(calls).toEqual(['attempt@20000', 'attempt@21049']);
  });
});
