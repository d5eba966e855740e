/** What a gateway tells matchmaking about a guest that wants a partner. */
export interface JoinRequest {
  guestId: string;
  username: string;
  deviceId: string | null;
  interests: string[];
  gatewayId: string;
  /** The session's keyed IP hash, for the ban check; never sent to a guest. */
  ipHash?: string | null;
}

export interface ConnectionRequest {
  guestId: string;
  socketId: string;
  gatewayId: string;
}
