/** What a gateway tells matchmaking about a guest that wants a partner. */
export interface JoinRequest {
  guestId: string;
  username: string;
  deviceId: string | null;
  interests: string[];
  gatewayId: string;
}

export interface ConnectionRequest {
  guestId: string;
  socketId: string;
  gatewayId: string;
}
