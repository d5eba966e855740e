import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Metrics } from '@rendezvous/observability';

/** Every series name a process exposes: each metric, and a histogram's _bucket, _sum and _count. */
export async function exposedSeries(): Promise<{ all: Set<string>; ours: string[] }> {
  const metrics = new Metrics();
  const all = new Set<string>();
  const ours: string[] = [];
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    all.add(metric.name);
    if (['histogram', 'summary'].includes(String(metric.type))) for (const suffix of ['_bucket', '_sum', '_count']) all.add(metric.name + suffix);
    if (metric.name.startsWith('rendezvous_')) ours.push(metric.name);
  }
  metrics.registry.clear();
  return { all, ours };
}

/** The Grafana dashboard queries only series the apps expose, and shows every rendezvous_ instrument. */
export async function checkDashboard(root: string): Promise<string[]> {
  const dashboard = JSON.parse(readFileSync(join(root, 'k8s', 'grafana', 'rendezvous-dashboard.json'), 'utf8')) as {
    panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
  };
  const { all, ours } = await exposedSeries();
  const problems: string[] = [];
  const queried = new Set<string>();
  for (const panel of dashboard.panels) {
    for (const { expr } of panel.targets ?? []) {
      // series names: identifiers directly followed by a label matcher or a range/instant selector
      for (const [, name] of expr.matchAll(/\b([a-z_][a-z0-9_]*)\s*(?=\{)/g)) {
        queried.add(name);
        if (!all.has(name)) problems.push(`dashboard panel "${panel.title}" queries ${name}, which no app exposes`);
      }
    }
  }
  for (const name of ours) {
    const shown = [...queried].some((series) => series === name || series.startsWith(`${name}_`));
    if (!shown) problems.push(`dashboard shows no panel for ${name}`);
  }
  return problems;
}
