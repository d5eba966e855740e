import pino from 'pino';

/** What may wait in memory for a slow stdout before lines are dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * stdout, written asynchronously. pino's default destination writes synchronously and, whenever the
 * pipe is full (a slow log collector), sleeps 100 ms with the event loop blocked — under load that
 * stalled every service (docs/BENCHMARKS.md). Here a full pipe only makes lines wait in memory; past
 * MAX_BUFFERED_BYTES they are dropped, and the count goes to stderr. What is buffered at exit is written then.
 */
export function stdoutDestination(maxBufferedBytes = MAX_BUFFERED_BYTES): pino.DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false, maxLength: maxBufferedBytes });
  let dropped = 0;
  destination.on('drop', () => {
    if (dropped++ === 0) setTimeout(() => reportDropped(), 10_000).unref();
  });
  const reportDropped = () => {
    process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: `stdout too slow: ${dropped} log lines dropped` })}\n`);
    dropped = 0;
  };
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // stdout is gone: nothing left to write to
    }
    if (dropped > 0) reportDropped();
  });
  return destination;
}
