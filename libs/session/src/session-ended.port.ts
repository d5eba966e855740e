/**
 * Told when a guest ends its session, before the record is deleted, so that whatever the guest
 * owns elsewhere (queue place, pairing, sockets, files) goes with it.
 */
export abstract class SessionEndedListener {
  abstract sessionEnded(guestId: string): Promise<void>;
}
