import type { ChatMode } from './payloads.js';

export interface GeoLocation {
  country?: string;
  region?: string;
  city?: string;
}

/** A guest session as stored by the session service (the seed's GuestUser). */
export interface GuestUser {
  id: string;
  username: string;
  isOnline: boolean;
  lastSeen: string;
  socketId: string | null;
  /** Id of the current partner, or null. */
  connectedUser: string | null;
  deviceId: string | null;
  isSearching: boolean;
  interests: string[];
  location?: GeoLocation;
  /** Keyed hash of the client IP, kept for limits only; never sent to another guest. */
  ipHash?: string;
  /** Keyed hash of the client's network (its /24 or /64): reports from one network count once. Never sent to anyone. */
  networkHash?: string;
  /** Id (`jti`) of the one token of this session that is valid now; a refresh replaces it, revoking the old token. */
  tokenId?: string;
  sessionId: string;
  createdAt: string;
  connectedAt: string | null;
}

/** What a guest may see about itself (REST). */
export type GuestView = Omit<GuestUser, 'ipHash' | 'networkHash' | 'tokenId'>;

/** What a guest may see about a partner. */
export interface PartnerView {
  id: string;
  username: string;
  /** The partner's mode of this search; absent on a restored pairing. */
  mode?: ChatMode;
}

export interface SessionResponse {
  token: string;
  /** Seconds until the token expires. */
  expiresIn: number;
  guest: GuestView;
}

export interface CreateSessionRequest {
  username?: string;
  interests?: string[];
  deviceId?: string;
}

export interface IceServerConfig {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Which ICE candidates a call may use: any (`all`), or only a TURN relay's (`relay`: the partner never sees the guest's address). */
export type IceTransportPolicy = 'all' | 'relay';

/** `GET /api/config/ice`: what to put in `RTCConfiguration`. */
export interface IceConfigResponse {
  iceServers: IceServerConfig[];
  /** Epoch seconds when the TURN credential expires (fetch again before), or null without TURN. */
  expiresAt: number | null;
  /** The operator's ICE_TRANSPORT_POLICY: `relay` means every call is relayed, whatever the guest chose. */
  iceTransportPolicy: IceTransportPolicy;
  /** A TURN relay is configured, so a guest may choose relay-only calls to hide its address. */
  relayAvailable: boolean;
}
