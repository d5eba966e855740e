import { BaseRpcContext, type PacketMetadata } from '@nestjs/microservices';

/** What a handler of the bus can learn about the request (`@Ctx()`): its stream and the caller's metadata. */
export class StreamsBusContext extends BaseRpcContext<[string, PacketMetadata | undefined]> {
  getStream(): string {
    return this.args[0];
  }

  getMetadata(): PacketMetadata | undefined {
    return this.args[1];
  }
}
