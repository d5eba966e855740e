/**
 * Collects the calls made during one turn of the event loop and hands them over together (at most
 * `maxBatch` at a time), then gives each caller its own answer. Under load a gateway receives many
 * joins per turn; one request for all of them costs the bus and the matchmaking service far less
 * than one each (docs/BENCHMARKS.md).
 */
export class TurnBatcher<Item, Answer> {
  private pending: Array<{ item: Item; resolve: (answer: Answer) => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;

  constructor(
    /** Must answer with one entry per item, in order; if it throws, every caller of the batch gets that error. */
    private readonly handle: (items: Item[]) => Promise<Answer[]>,
    private readonly maxBatch = 500,
  ) {}

  add(item: Item): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.pending;
    this.pending = [];
    for (let start = 0; start < all.length; start += this.maxBatch) void this.send(all.slice(start, start + this.maxBatch));
  }

  private async send(batch: typeof this.pending): Promise<void> {
    try {
      const answers = await this.handle(batch.map(({ item }) => item));
      if (answers.length !== batch.length) throw new Error(`batch of ${batch.length} got ${answers.length} answers`);
      batch.forEach(({ resolve }, i) => resolve(answers[i]));
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  }
}
