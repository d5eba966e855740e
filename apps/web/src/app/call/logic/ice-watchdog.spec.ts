import { describe, expect, it } from '@jest/globals';
import { IceWatchdog } from './ice-watchdog.js';
import { ManualTimers } from './testing/fakes.js';

function setup() {
  const timers = new ManualTimers();
  const calls: string[] = [];
  const watchdog = new IceWatchdog(timers, { restart: () => calls.push('restart'), giveUp: () => calls.push('give-up') }, 15_000);
  return { timers, calls, watchdog };
}

describe('IceWatchdog', () => {
  it('restarts ICE once after 15 s without connecting, then gives up after 15 s more', () => {
    const { timers, calls, watchdog } = setup();
    watchdog.start();
    timers.advance(14_999);
    expect(calls).toEqual([]);
    timers.advance(1);
    expect(calls).toEqual(['restart']);
    timers.advance(15_000);
    expect(calls).toEqual(['restart', 'give-up']);
  });

  it('stands down when the connection comes up', () => {
    const { timers, calls, watchdog } = setup();
    watchdog.start();
    timers.advance(10_000);
    watchdog.onIceState('connected');
    timers.advance(60_000);
    expect(calls).toEqual([]);
    expect(timers.count).toBe(0);
  });

  it('restarts at once when ICE fails, and gives up when it fails again', () => {
    const { calls, watchdog } = setup();
    watchdog.start();
    watchdog.onIceState('failed');
    expect(calls).toEqual(['restart']);
    watchdog.onIceState('failed');
    expect(calls).toEqual(['restart', 'give-up']);
  });

  it('allows a new restart after a successful reconnection', () => {
    const { timers, calls, watchdog } = setup();
    watchdog.start();
    timers.advance(15_000);
    watchdog.onIceState('connected');
    watchdog.onIceState('disconnected');
    timers.advance(15_000);
    expect(calls).toEqual(['restart', 'restart']);
  });

  it('clears its timer on stop', () => {
    const { timers, watchdog } = setup();
    watchdog.start();
    watchdog.stop();
    expect(timers.count).toBe(0);
  });
});
