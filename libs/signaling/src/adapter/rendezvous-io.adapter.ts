import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { OriginPolicy } from '@rendezvous/observability';
import type { Server, ServerOptions } from 'socket.io';

export interface RendezvousIoOptions {
  /** Larger frames are dropped by the transport before any handler sees them. */
  maxPayloadBytes: number;
  /** The cross-gateway adapter (redis) in distributed mode; socket.io's in-memory one otherwise. */
  adapter?: ServerOptions['adapter'];
  cors?: ServerOptions['cors'];
  /**
   * Refuses handshakes (websocket and polling) from browser origins it does not allow: browsers apply
   * no CORS to websockets, so this is the check that keeps other sites' pages from opening sockets.
   */
  origins?: OriginPolicy;
}

/** Nest's Socket.IO adapter with the project's server options. */
export class RendezvousIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly options: RendezvousIoOptions,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    return super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      serveClient: false,
      maxHttpBufferSize: this.options.maxPayloadBytes,
      transports: ['websocket', 'polling'],
      ...(this.options.adapter ? { adapter: this.options.adapter } : {}),
      ...(this.options.cors ? { cors: this.options.cors } : {}),
      ...(this.options.origins ? this.originOptions(this.options.origins) : {}),
    } as ServerOptions) as Server;
  }

  private originOptions(origins: OriginPolicy): Partial<ServerOptions> {
    return {
      allowRequest: (req, callback) => callback(null, origins.allows(req)),
      ...(this.options.cors ? {} : { cors: { origin: (origin: string | undefined, cb: (e: Error | null, ok?: boolean) => void) => cb(null, origins.allowsCrossOrigin(origin)) } }),
    };
  }
}
