import { Logger, type INestApplication } from '@nestjs/common';
import { ShutdownState } from '../shutdown/shutdown-state.js';

/**
 * SIGTERM/SIGINT: turn unready at once, close the app (its shutdown hooks drain), run the extra cleanup, exit 0.
 * Nest's own enableShutdownHooks re-raises the signal after closing, which exits 143; orchestrators
 * read that as a failure, so the project handles the signal itself.
 */
export function exitOnSignal(app: INestApplication, cleanup: () => Promise<unknown> = async () => undefined): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const logger = new Logger('Shutdown');
    logger.log(`${signal} received: shutting down`);
    app.get(ShutdownState, { strict: false }).startDraining();
    app
      .close()
      .then(cleanup)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
