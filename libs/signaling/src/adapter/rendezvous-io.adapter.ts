import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';

export interface RendezvousIoOptions {
  /** Larger frames are dropped by the transport before any handler sees them. */
  maxPayloadBytes: number;
  /** The cross-gateway adapter (redis) in distributed mode; socket.io's in-memory one otherwise. */
  adapter?: ServerOptions['adapter'];
  cors?: ServerOptions['cors'];
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
    } as ServerOptions) as Server;
  }
}
