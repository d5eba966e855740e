import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { FileCleanup } from './file-cleanup.js';
import { FileSharingService } from './file-sharing.service.js';
import { FilesController } from './http/files.controller.js';
import { FileStore } from './store/file-store.port.js';
import { InMemoryFileStore } from './store/in-memory-file.store.js';
import { RedisFileStore } from './store/redis-file.store.js';

export interface FilesModuleOptions {
  store: 'memory' | 'redis';
  /**
   * Serve `/api/files`. Needs SessionService, MatchQueue, GuestNotifier and RateLimiter (RateLimitModule) from the composition root.
   * Without it the module only holds the store and FileCleanup (the matchmaking app deletes a pair's files).
   */
  http: boolean;
}

/** Ephemeral files shared inside a pairing; never on disk. Global, so matchmaking finds FileCleanup. */
@Module({})
export class FilesModule {
  static forRoot(options: FilesModuleOptions): DynamicModule {
    const redis = options.store === 'redis';
    const http: Provider[] = [FileSharingService];
    return {
      module: FilesModule,
      global: true,
      controllers: options.http ? [FilesController] : [],
      providers: [{ provide: FileStore, useClass: redis ? RedisFileStore : InMemoryFileStore }, FileCleanup, ...(options.http ? http : [])],
      exports: [FileStore, FileCleanup],
    };
  }
}
