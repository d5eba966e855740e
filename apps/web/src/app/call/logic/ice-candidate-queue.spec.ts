import { describe, expect, it } from '@jest/globals';
import { ICE_BATCH_THRESHOLD, IceCandidateQueue } from './ice-candidate-queue.js';
import type { IceCandidateInit } from './rtc-types.js';

const candidate = (n: number): IceCandidateInit => ({ candidate: `candidate:${n}`, sdpMid: '0', sdpMLineIndex: 0 });

function setup() {
  let remoteSet = false;
  const applied: IceCandidateInit[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const errors: unknown[] = [];
  const queue = new IceCandidateQueue(
    () => remoteSet,
    async (c) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      if (c.candidate === 'bad') throw new Error('bad candidate');
      applied.push(c);
    },
    (error) => errors.push(error),
  );
  return { queue, applied, errors, setRemote: () => (remoteSet = true), maxInFlight: () => maxInFlight };
}

describe('IceCandidateQueue', () => {
  it('queues candidates until the remote description is set, then applies every one', async () => {
    const { queue, applied, setRemote } = setup();
    await queue.add(candidate(1));
    await queue.add(candidate(2));
    expect(applied).toEqual([]);
    expect(queue.size).toBe(2);

    setRemote();
    expect(await queue.flush()).toBe(2);
    expect(applied).toEqual([candidate(1), candidate(2)]);
    expect(queue.size).toBe(0);
  });

  it('applies a candidate at once when the remote description is already set', async () => {
    const { queue, applied, setRemote } = setup();
    setRemote();
    await queue.add(candidate(7));
    expect(applied).toEqual([candidate(7)]);
  });

  it(`applies up to ${ICE_BATCH_THRESHOLD} queued candidates one after another`, async () => {
    const { queue, applied, setRemote, maxInFlight } = setup();
    for (let i = 0; i < ICE_BATCH_THRESHOLD; i++) await queue.add(candidate(i));
    setRemote();
    await queue.flush();
    expect(applied).toHaveLength(ICE_BATCH_THRESHOLD);
    expect(maxInFlight()).toBe(1);
  });

  it(`applies more than ${ICE_BATCH_THRESHOLD} queued candidates as one batch`, async () => {
    const { queue, applied, setRemote, maxInFlight } = setup();
    for (let i = 0; i < ICE_BATCH_THRESHOLD + 2; i++) await queue.add(candidate(i));
    setRemote();
    expect(await queue.flush()).toBe(ICE_BATCH_THRESHOLD + 2);
    expect(applied).toHaveLength(ICE_BATCH_THRESHOLD + 2);
    expect(maxInFlight()).toBe(ICE_BATCH_THRESHOLD + 2);
  });

  it('reports a candidate that fails without losing the others', async () => {
    const { queue, applied, errors, setRemote } = setup();
    await queue.add(candidate(1));
    await queue.add({ candidate: 'bad' });
    await queue.add(candidate(2));
    setRemote();
    await queue.flush();
    expect(applied).toEqual([candidate(1), candidate(2)]);
    expect(errors).toHaveLength(1);
  });

  it('drops everything on clear', async () => {
    const { queue, applied, setRemote } = setup();
    await queue.add(candidate(1));
    queue.clear();
    setRemote();
    expect(await queue.flush()).toBe(0);
    expect(applied).toEqual([]);
  });
});
