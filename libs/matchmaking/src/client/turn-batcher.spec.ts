import { describe, expect, it } from '@jest/globals';
import { TurnBatcher } from './turn-batcher.js';

describe('TurnBatcher', () => {
  it('sends the calls of one turn together, in order, and gives each caller its own answer', async () => {
    const batches: number[][] = [];
    const batcher = new TurnBatcher<number, string>(async (items) => {
      batches.push(items);
      return items.map((n) => `answer ${n}`);
    });
    const answers = await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    expect(answers).toEqual(['answer 1', 'answer 2', 'answer 3']);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(await batcher.add(4)).toBe('answer 4');
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('splits a turn into batches of at most maxBatch', async () => {
    const sizes: number[] = [];
    const batcher = new TurnBatcher<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.add(n)))).toEqual([1, 2, 3, 4, 5]);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('rejects every caller of a batch that failed, and only those', async () => {
    let fail = true;
    const batcher = new TurnBatcher<number, number>(async (items) => {
      if (fail) throw new Error('bus down');
      return items;
    });
    const failed = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batcher.add(3)).toBe(3);
  });

  it('rejects the batch when the answers do not match the calls one to one', async () => {
    const batcher = new TurnBatcher<number, number>(async () => [1]);
    await expect(Promise.all([batcher.add(1), batcher.add(2)])).rejects.toThrow('batch of 2 got 1 answers');
  });
});
