import { Global, Module, type DynamicModule } from '@nestjs/common';
import { InMemorySessionStore } from './in-memory-session.store.js';
import { RedisSessionStore } from './redis-session.store.js';
import { SessionStore } from './session-store.port.js';

/** The one SessionStore of a process, shared by the session service and matchmaking's mirror. */
@Global()
@Module({})
export class SessionStoreModule {
  static forRoot(kind: 'memory' | 'redis'): DynamicModule {
    return {
      module: SessionStoreModule,
      providers: [{ provide: SessionStore, useClass: kind === 'redis' ? RedisSessionStore : InMemorySessionStore }],
      exports: [SessionStore],
    };
  }
}
