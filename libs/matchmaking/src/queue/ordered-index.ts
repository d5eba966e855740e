/**
 * Members ordered by (score, member), as a Redis sorted set orders them (members compared as strings;
 * ours are ASCII where it matters). The in-memory queue's indexes, so it reads the same windows as the
 * Redis queue.
 */
export class OrderedIndex {
  private readonly scores = new Map<string, number>();
  private readonly order: string[] = [];

  get size(): number {
    return this.order.length;
  }

  add(member: string, score: number): void {
    this.delete(member);
    this.scores.set(member, score);
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.before(this.order[mid], member)) low = mid + 1;
      else high = mid;
    }
    this.order.splice(low, 0, member);
  }

  delete(member: string): boolean {
    const score = this.scores.get(member);
    if (score === undefined) return false;
    this.order.splice(this.indexOf(member, score), 1);
    this.scores.delete(member);
    return true;
  }

  /** Up to `count` members from rank `start`, with their scores. */
  range(start: number, count: number): Array<[string, number]> {
    return this.order.slice(start, start + count).map((member) => [member, this.scores.get(member) ?? 0]);
  }

  /** Up to `count` of the lowest members scored at most `max`. */
  upTo(max: number, count: number): string[] {
    const out: string[] = [];
    for (const member of this.order) {
      if (out.length >= count || (this.scores.get(member) ?? 0) > max) break;
      out.push(member);
    }
    return out;
  }

  private before(a: string, b: string): boolean {
    const sa = this.scores.get(a) ?? 0;
    const sb = this.scores.get(b) ?? 0;
    return sa !== sb ? sa < sb : a < b;
  }

  private indexOf(member: string, score: number): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.order[mid];
      const so = this.scores.get(other) ?? 0;
      if (so < score || (so === score && other < member)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
