import { KeySpace } from '@rendezvous/redis';

/**
 * Redis keys of shared files: per file `rdv:{file:<pairId>}:meta:<fileId>` (a hash) and
 * `rdv:{file:<pairId>}:data:<fileId>` (the bytes, read in ranges), and `rdv:{file:<pairId>}:index` per pair
 * (file id → size). One hash tag per pair keeps a pair's keys in one Redis Cluster slot (so storing and
 * deleting are one script each) while different pairs spread over the cluster. The deployment-wide byte
 * budget lives under `rdv:{files}:` (file id → size and expiry, and the total).
 */
export class FileKeys {
  private readonly budget: KeySpace;

  constructor(private readonly root: KeySpace) {
    this.budget = root.slot('files');
  }

  /** What every file key of a pair starts with (for operators and leak checks). */
  get pattern(): string {
    return `${this.root.prefix}{file:*`;
  }

  private space(pairId: string): KeySpace {
    return this.root.slot(`file:${pairId}`);
  }

  meta(pairId: string, fileId: string): string {
    return this.space(pairId).key('meta', fileId);
  }

  data(pairId: string, fileId: string): string {
    return this.space(pairId).key('data', fileId);
  }

  /** What the pair's meta and data keys start with; the scripts append file ids. */
  prefixes(pairId: string): [meta: string, data: string] {
    return [this.space(pairId).key('meta', ''), this.space(pairId).key('data', '')];
  }

  index(pairId: string): string {
    return this.space(pairId).key('index');
  }

  /** The budget's keys: file id → expiry (sorted set), file id → size (hash), total bytes (string). */
  get usage(): [expiry: string, sizes: string, total: string] {
    return [this.budget.key('expiry'), this.budget.key('sizes'), this.budget.key('total')];
  }
}
