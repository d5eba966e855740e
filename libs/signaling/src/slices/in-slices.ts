export interface SliceOptions {
  /** Items handled in one event-loop turn. */
  slice: number;
  /** The first slice goes at once, the last `spreadMs` later, the others evenly between; 0 = back to back. */
  spreadMs?: number;
}

/**
 * Calls `each` for every item, `slice` items per event-loop turn, the slices spread over `spreadMs`,
 * so that neither this process's loop nor whoever the items talk to next takes them all at once.
 */
export async function inSlices<T>(items: readonly T[], each: (item: T) => void, { slice, spreadMs = 0 }: SliceOptions): Promise<void> {
  const size = Math.max(1, Math.floor(slice));
  const slices = Math.ceil(items.length / size);
  const pauseMs = slices > 1 ? spreadMs / (slices - 1) : 0;
  for (let start = 0; start < items.length; start += size) {
    if (start > 0) await new Promise((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
    for (let i = start; i < Math.min(start + size, items.length); i++) each(items[i]);
  }
}
