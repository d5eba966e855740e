import type { ChatMode, ErrorCode } from '@rendezvous/contracts';

/** What a gateway tells matchmaking about a guest that wants a partner. */
export interface JoinRequest {
  guestId: string;
  username: string;
  deviceId: string | null;
  /** The guest's own interests (the mode's preference is added by matchmaking: see search-preferences.ts). */
  interests: string[];
  /** @default 'text' */
  mode?: ChatMode;
  gatewayId: string;
  /** The session's keyed IP hash, for the ban check; never sent to a guest. */
  ipHash?: string | null;
  /** Id of the bus request carrying this join (or next): a redelivery of it changes nothing. */
  requestId?: string;
  /** The socket it came from: the join goes through only while that is the guest's open socket (JoinOrigin). */
  socketId?: string;
}

/** A socket of a guest opened or closed; the socket id identifies it, so handling it twice changes nothing. */
export interface ConnectionRequest {
  guestId: string;
  socketId: string;
  gatewayId: string;
}

/** What came of one join of a batch: null when it went through, else the error for that guest. */
export type JoinOutcome = { code: ErrorCode; message: string } | null;
