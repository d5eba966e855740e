import { KeySpace } from '@rendezvous/redis';

/**
 * Redis keys of matchmaking and presence. They share the `{mm}` hash tag, so the Lua scripts that
 * touch several of them stay within one Redis Cluster slot.
 */
export class MatchmakingKeys {
  readonly space: KeySpace;

  constructor(root: KeySpace) {
    this.space = root.slot('mm');
  }

  /** Prefix the Lua scripts build their key names from. */
  get prefix(): string {
    return this.space.prefix;
  }
  get queue(): string {
    return this.space.key('queue');
  }
  entry(guestId: string): string {
    return this.space.key('entry', guestId);
  }
  pairOf(guestId: string): string {
    return this.space.key('pairof', guestId);
  }
  /** Live pair ids scored by expiry time, for counting them without a scan. */
  get pairs(): string {
    return this.space.key('pairs');
  }
  pair(pairId: string): string {
    return this.space.key('pair', pairId);
  }
  avoid(a: string, b: string): string {
    return this.space.key('avoid', a, b);
  }
  gateway(gatewayId: string): string {
    return this.space.key('gw', gatewayId);
  }
  get gateways(): string {
    return this.space.key('gateways');
  }
  gatewayGuests(gatewayId: string): string {
    return this.space.key('gwguests', gatewayId);
  }
  /** Pub/sub channel a live gateway process stays subscribed to. */
  gatewayLink(gatewayId: string): string {
    return this.space.key('link', gatewayId);
  }
  /** Marks a gateway that holds a link (so no subscriber on it means its process is gone). */
  gatewayLinked(gatewayId: string): string {
    return this.space.key('gwlink', gatewayId);
  }
  connection(guestId: string): string {
    return this.space.key('conn', guestId);
  }
  get grace(): string {
    return this.space.key('grace');
  }
  /** Guests in grace whose partner has not been told yet, by since when. */
  get graceQuiet(): string {
    return this.space.key('grace-quiet');
  }
}
