import type { ServerResponse } from 'node:http';

/** How long a reader may leave a download's socket full before the download is given up. */
const STALL_TIMEOUT_MS = 30_000;

/**
 * Writes the chunks with backpressure: the next chunk is read only once the socket has taken the last,
 * so a reader that stops reading holds one chunk here, not the file. A reader stalled for 30 s, or a
 * chunk source that fails midway, ends the connection (the client sees a cut-off download, never a short "complete" one).
 */
export async function streamDownload(res: ServerResponse, chunks: AsyncIterable<Buffer>): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) return;
      if (!res.write(chunk) && !(await drained(res))) return void res.destroy();
    }
    res.end();
  } catch {
    res.destroy();
  }
}

function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => finish(true);
    const onClose = () => finish(false);
    const timer = setTimeout(() => finish(false), STALL_TIMEOUT_MS);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
