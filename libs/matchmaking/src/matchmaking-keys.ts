import { KeySpace } from '@rendezvous/redis';

/**
 * Redis keys of matchmaking and presence: a fixed set of keys, all with the `{mm}` hash tag, so every
 * script declares in KEYS every key it touches and stays within one Redis Cluster slot. What varies
 * per guest, pair or gateway lives in fields and members of these keys, never in key names.
 */
export class MatchmakingKeys {
  readonly space: KeySpace;

  constructor(root: KeySpace) {
    this.space = root.slot('mm');
  }

  /**
   * Hash of per-guest records, by field prefix: `s:<guest>` its state (`R`/`W` + entry JSON while it
   * waits, `P` + pair JSON while paired), `r:<guest>` its last request ids, `c:<guest>` its live socket
   * (`<gateway>|<socket>`, or `~<socket>|<until>` for a minute after it closed), `a:<id>|<id>` an avoidance
   * and `b:<id>|<id>` a block (until when, epoch ms).
   */
  get records(): string {
    return this.space.key('records');
  }
  /** Waiting guests anyone may be paired with (no interests, or waited past the fallback): `<guest>\t<device>` by join time. */
  get ready(): string {
    return this.space.key('ready');
  }
  /** Waiting guests with interests, still within their fallback window: `<guest>\t<device>` by join time. */
  get waiting(): string {
    return this.space.key('waiting');
  }
  /** Every waiting guest with interests once per tag, `<tag>\t<joinedAt, 15 digits>\t<guest>\t<device>`, all at score 0 (read by lex range). */
  get tags(): string {
    return this.space.key('tags');
  }
  /** Live pair ids scored by expiry time, for counting them without a scan. */
  get pairs(): string {
    return this.space.key('pairs');
  }
  /** Hash of gateway heartbeats: `<gateway>` → `<alive until, epoch ms>|<online sockets>|<1 when it holds a link>`. */
  get gateways(): string {
    return this.space.key('gateways');
  }
  /** Every live socket's guest by gateway, `<gateway>\t<guest>`, all at score 0 (read by lex range, a slice at a time). */
  get gatewayGuests(): string {
    return this.space.key('gwguests');
  }
  /** Where the incremental sweep left off (`ready`: rank of the next re-probe, `records`: HSCAN cursor). */
  get sweep(): string {
    return this.space.key('sweep');
  }
  get grace(): string {
    return this.space.key('grace');
  }
  /** Guests in grace whose partner has not been told yet, by since when. */
  get graceQuiet(): string {
    return this.space.key('grace-quiet');
  }
  /** Sharded pub/sub channel a live gateway process stays subscribed to; in the `{mm}` slot, so the scripts count it on their own node. */
  gatewayLink(gatewayId: string): string {
    return this.linkPrefix + gatewayId;
  }
  get linkPrefix(): string {
    return this.space.key('link', '');
  }

  /** The keys of the queue scripts, in the order they declare them. */
  get queueKeys(): string[] {
    return [this.records, this.ready, this.waiting, this.tags, this.pairs, this.gateways, this.sweep, this.gatewayGuests];
  }
  /** The keys of the presence scripts, in the order they declare them. */
  get presenceKeys(): string[] {
    return [this.records, this.gateways, this.gatewayGuests];
  }
}
