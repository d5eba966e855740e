import { Global, Module, type DynamicModule } from '@nestjs/common';
import { InMemoryModerationStore } from './in-memory-moderation.store.js';
import { ModerationStore } from './moderation-store.port.js';
import { RedisModerationStore } from './redis-moderation.store.js';

/** The one ModerationStore of a process: the session service checks bans at creation, matchmaking records reports and checks bans at join. */
@Global()
@Module({})
export class ModerationModule {
  static forRoot(kind: 'memory' | 'redis'): DynamicModule {
    return {
      module: ModerationModule,
      providers: [{ provide: ModerationStore, useClass: kind === 'redis' ? RedisModerationStore : InMemoryModerationStore }],
      exports: [ModerationStore],
    };
  }
}
