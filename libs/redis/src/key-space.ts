/**
 * Names every Redis key of the project under one prefix (default `rdv:`).
 * Keys of one feature share a `{hash tag}` so multi-key scripts stay in one Redis Cluster slot.
 */
export class KeySpace {
  constructor(readonly prefix: string) {}

  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  /** A sub-space whose keys hash to one slot: `rdv:{tag}:...`. */
  slot(tag: string): KeySpace {
    return new KeySpace(`${this.prefix}{${tag}}:`);
  }
}
