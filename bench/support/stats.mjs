/** Percentile (nearest rank) of an unsorted array of numbers; null when empty. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** p50/p95/p99/max of a sample, rounded to 0.01. */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (p) => (sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]) : null);
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? round(sorted[sorted.length - 1]) : null };
}

export const round = (n, digits = 2) => (n === null || n === undefined || Number.isNaN(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits);

export const ratio = (a, b) => (a === null || b === null || !b ? null : round(a / b, 2));
