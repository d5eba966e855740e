/** Reads `/metrics` of an app: the value of one sample, e.g. `rendezvous_connected_sockets` or `x{kind="y"}`. */
export async function metricValue(appUrl: string, sample: string): Promise<number> {
  const text = await (await fetch(`${appUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  if (!line) throw new Error(`${appUrl}/metrics has no sample ${sample}`);
  return Number(line.slice(sample.length + 1));
}
