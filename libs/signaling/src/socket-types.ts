import type { ChatMode, ClientToServerEvents, ErrorCode, ServerToClientEvents } from '@rendezvous/contracts';
import { ServerEvents } from '@rendezvous/contracts';
import type { Server, Socket } from 'socket.io';

/** What the handshake learned about the guest behind a socket. */
export interface SocketGuest {
  id: string;
  username: string;
  deviceId: string | null;
  interests: string[];
  /** The mode of the guest's last join (text until it says otherwise). */
  mode?: ChatMode;
  /** The session's keyed IP hash, passed to matchmaking for the ban check; never sent to a guest. */
  ipHash: string | null;
}

export interface SocketData {
  guest: SocketGuest;
  /** Epoch ms at which the handshake token expires. */
  tokenExpiresAt: number | null;
}

/** Events gateways send each other (serverSideEmit). */
export interface InterServerEvents {
  'call:settled': (room: string) => void;
}

export type RendezvousServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RendezvousSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** `webrtc:error` to the sender only. */
export function sendError(socket: RendezvousSocket, code: ErrorCode, message: string, event?: string): void {
  socket.emit(ServerEvents.Error, event ? { code, message, event } : { code, message });
}
