import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule, type AppConfig } from '@rendezvous/config';
import { FileCleanup, FilesModule } from '@rendezvous/files';
import { GuestNotifier, MatchmakingClient, MatchmakingModule, PairEndedListener, serverNotifier, SocketServerRef, SocketServerRefModule } from '@rendezvous/matchmaking';
import { ModerationModule, SessionEndedListener, SessionModule, SessionStoreModule } from '@rendezvous/session';
import { RateLimitModule } from '@rendezvous/redis';
import { ObservabilityModule } from '@rendezvous/observability';
import { SignalingModule } from '@rendezvous/signaling';

/** Embedded mode: session, matchmaking and gateway in one process, in-memory stores, in-process calls. */
@Module({})
export class AllInOneModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AllInOneModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config, { app: 'all-in-one', readiness: [] }),
        SocketServerRefModule,
        SessionStoreModule.forRoot('memory'),
        ModerationModule.forRoot('memory'),
        RateLimitModule.forRoot('memory'),
        SessionModule.forRoot({
          http: true,
          bus: false,
          sessionEnded: { provide: SessionEndedListener, useExisting: MatchmakingClient },
        }),
        MatchmakingModule.forRoot({
          store: 'memory',
          bus: false,
          notifier: {
            provide: GuestNotifier,
            useFactory: (ref: SocketServerRef) => serverNotifier(() => ref.get()),
            inject: [SocketServerRef],
          },
          pairEnded: { provide: PairEndedListener, useExisting: FileCleanup },
        }),
        FilesModule.forRoot({ store: 'memory', http: true }),
        SignalingModule,
      ],
    };
  }
}
