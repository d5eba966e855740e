import { Global, Injectable, Module } from '@nestjs/common';
import type { Server } from 'socket.io';

/** Holds the process's Socket.IO server once the gateway has started, for those who emit without being the gateway. */
@Injectable()
export class SocketServerRef {
  server: Server | null = null;

  get(): Server {
    if (!this.server) throw new Error('The Socket.IO server has not started yet');
    return this.server;
  }
}

@Global()
@Module({ providers: [SocketServerRef], exports: [SocketServerRef] })
export class SocketServerRefModule {}
