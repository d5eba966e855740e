import { Injectable, Logger } from '@nestjs/common';
import { PairEndedListener, type EndedPair } from '@rendezvous/matchmaking';
import { FileStore } from './store/file-store.port.js';

/** Deletes a pair's shared files as soon as the pair ends; matchmaking calls it through its PairEndedListener port. */
@Injectable()
export class FileCleanup extends PairEndedListener {
  private readonly logger = new Logger(FileCleanup.name);

  constructor(private readonly store: FileStore) {
    super();
  }

  async pairEnded(pair: EndedPair): Promise<void> {
    const deleted = await this.store.deletePair(pair.pairId);
    if (deleted > 0) this.logger.log(`files deleted pair=${pair.pairId} count=${deleted}`);
  }
}
