import { KeySpace } from '@rendezvous/redis';

/**
 * Redis keys of shared files: `rdv:{file:<pairId>}:data:<fileId>` per file and `rdv:{file:<pairId>}:index`
 * per pair. One hash tag per pair keeps a pair's keys in one Redis Cluster slot (so deleting them is one
 * script) while different pairs spread over the cluster.
 */
export class FileKeys {
  constructor(private readonly root: KeySpace) {}

  /** What every file key of the deployment starts with (for operators and leak checks). */
  get pattern(): string {
    return `${this.root.prefix}{file:*`;
  }

  private space(pairId: string): KeySpace {
    return this.root.slot(`file:${pairId}`);
  }

  file(pairId: string, fileId: string): string {
    return this.space(pairId).key('data', fileId);
  }

  /** What the pair's file keys start with; the delete script appends file ids. */
  filePrefix(pairId: string): string {
    return this.space(pairId).key('data', '');
  }

  index(pairId: string): string {
    return this.space(pairId).key('index');
  }
}
