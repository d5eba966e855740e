import type { EndedPair } from './queue/queue-entry.js';

/**
 * Told whenever a pairing ends, for any reason (next, leave, disconnect after the grace window,
 * session end), so that what the pair owned elsewhere (shared files) goes with it.
 */
export abstract class PairEndedListener {
  abstract pairEnded(pair: EndedPair): Promise<void>;
}

/** For processes where nothing outlives a pairing. */
export class NoPairEndedListener extends PairEndedListener {
  async pairEnded(): Promise<void> {}
}
