import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { exposedSeries } from './check-dashboard.js';
import { composeEnvOf, containersOf, podLabelsOf, podSpecOf, type DeployFiles } from './deploy-files.js';
import type { KubeObject } from './k8s-schema.js';
import { selects, type LabelSelector } from './label-selector.js';
import { splitImage } from './kustomize.js';

/** Services that must survive losing a pod: at least two replicas, rolled one new pod at a time, a PDB each. */
const REPLICATED = ['session', 'matchmaking', 'gateway'];
/** Longest a pod may stay bound to a node that stopped answering. */
const MAX_TOLERATION_SECONDS = 30;
const NODE_FAILURE_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];
/** Time a pod needs after its drain to close (Nest's shutdown hooks, Redis connections). */
const CLOSE_MARGIN_SECONDS = 5;
const DIGEST = /^[^@:]+(?::\d+)?(?:\/[^@:]+)*@sha256:[0-9a-f]{64}$/;

type Deployment = KubeObject & { spec: { replicas?: number; strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } } } };

/** A count or a percentage of `replicas`, as the controllers read it (maxUnavailable rounds down, minAvailable up). */
function resolve(value: number | string | undefined, replicas: number, round: (n: number) => number): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : round((Number.parseFloat(value) / 100) * replicas);
}

function replicasOf(deployment: Deployment, objects: KubeObject[]): number {
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && (o.spec as any)?.scaleTargetRef?.name === deployment.metadata?.name);
  return (hpa ? (hpa.spec as { minReplicas?: number }).minReplicas : deployment.spec.replicas) ?? 1;
}

/** Pod disruptions the budget allows for `replicas` healthy pods. */
function allowedDisruptions(pdb: KubeObject, replicas: number): number {
  const spec = pdb.spec as { maxUnavailable?: number | string; minAvailable?: number | string };
  const maxUnavailable = resolve(spec.maxUnavailable, replicas, Math.floor);
  if (maxUnavailable !== undefined) return maxUnavailable;
  const minAvailable = resolve(spec.minAvailable, replicas, Math.ceil);
  return minAvailable === undefined ? replicas : replicas - minAvailable;
}

function checkReplicated(overlay: string, deployment: Deployment, objects: KubeObject[]): string[] {
  const where = `k8s ${overlay} Deployment/${deployment.metadata?.name}`;
  const problems: string[] = [];
  const replicas = replicasOf(deployment, objects);
  if (replicas < 2) problems.push(`${where}: ${replicas} replica(s); losing that pod would stop the service (needs at least 2)`);
  const strategy = deployment.spec.strategy;
  const maxUnavailable = resolve(strategy?.rollingUpdate?.maxUnavailable, replicas, Math.floor);
  if (strategy?.type !== 'RollingUpdate' || maxUnavailable !== 0) problems.push(`${where}: a rollout must be RollingUpdate with maxUnavailable 0 (has ${strategy?.type ?? 'the default'}, maxUnavailable ${strategy?.rollingUpdate?.maxUnavailable ?? 'default'})`);
  const labels = podLabelsOf(deployment);
  const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget' && selects((o.spec as { selector?: LabelSelector }).selector, labels));
  if (pdbs.length === 0) problems.push(`${where}: no PodDisruptionBudget selects its pods`);
  for (const pdb of pdbs) {
    const allowed = allowedDisruptions(pdb, replicas);
    if (allowed < 1) problems.push(`${where}: PodDisruptionBudget/${pdb.metadata?.name} allows no disruption at ${replicas} replicas, so a node drain blocks`);
    if (allowed >= replicas) problems.push(`${where}: PodDisruptionBudget/${pdb.metadata?.name} lets a disruption take all ${replicas} replicas`);
  }
  return problems;
}

function preStopSeconds(lifecycle: any): number | null {
  const preStop = lifecycle?.preStop;
  if (!preStop) return null;
  if (typeof preStop.sleep?.seconds === 'number') return preStop.sleep.seconds;
  const command: string[] = preStop.exec?.command ?? [];
  const slept = /(?:^|\s)sleep\s+(\d+)/.exec(command.join(' '));
  return slept ? Number(slept[1]) : 0;
}

function checkPod(overlay: string, deployment: KubeObject, drainSeconds: number): string[] {
  const where = `k8s ${overlay} Deployment/${deployment.metadata?.name}`;
  const problems: string[] = [];
  const pod = podSpecOf(deployment) ?? {};
  const labels = podLabelsOf(deployment);
  const spreads = (pod.topologySpreadConstraints ?? []) as Array<{ topologyKey: string; labelSelector?: LabelSelector }>;
  for (const key of ['kubernetes.io/hostname', 'topology.kubernetes.io/zone']) {
    if (!spreads.some((spread) => spread.topologyKey === key && selects(spread.labelSelector, labels))) problems.push(`${where}: no topologySpreadConstraint over ${key} selecting its own pods`);
  }
  const tolerations = (pod.tolerations ?? []) as Array<{ key?: string; operator?: string; effect?: string; tolerationSeconds?: number }>;
  for (const taint of NODE_FAILURE_TAINTS) {
    const matching = tolerations.filter((t) => (t.key === taint || (t.key === undefined && t.operator === 'Exists')) && (t.effect ?? 'NoExecute') === 'NoExecute');
    if (matching.length === 0) problems.push(`${where}: no toleration for ${taint}, so its pods wait the default 300 s on a dead node`);
    for (const t of matching) {
      if (t.tolerationSeconds === undefined || t.tolerationSeconds > MAX_TOLERATION_SECONDS) problems.push(`${where}: tolerates ${taint} for ${t.tolerationSeconds ?? 'ever'} s (at most ${MAX_TOLERATION_SECONDS})`);
    }
  }
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  for (const container of containersOf(deployment) as Array<{ name: string; lifecycle?: unknown }>) {
    const pause = preStopSeconds(container.lifecycle);
    if (pause === null) {
      problems.push(`${where} container ${container.name}: no preStop hook (traffic would still arrive after SIGTERM)`);
      continue;
    }
    const needed = pause + drainSeconds + CLOSE_MARGIN_SECONDS;
    if (grace < needed) problems.push(`${where}: terminationGracePeriodSeconds ${grace} is shorter than preStop ${pause} s + SHUTDOWN_DRAIN_MS ${drainSeconds} s + ${CLOSE_MARGIN_SECONDS} s to close (${needed} s)`);
  }
  return problems;
}

/** The gateway's HPA scales on connected sockets per pod, which the apps expose and the Prometheus Adapter rule serves, with CPU as the fallback. */
async function checkSocketScaling(overlay: string, objects: KubeObject[], root: string): Promise<string[]> {
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && (o.spec as any)?.scaleTargetRef?.name === 'gateway');
  if (!hpa) return []; // reported by the consistency checks
  const where = `k8s ${overlay} HorizontalPodAutoscaler/gateway`;
  const metrics = ((hpa.spec as any).metrics ?? []) as Array<{ type: string; pods?: { metric: { name: string }; target: { type: string } }; resource?: { name: string } }>;
  const problems: string[] = [];
  const pods = metrics.find((m) => m.type === 'Pods');
  if (!metrics.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu')) problems.push(`${where}: no CPU metric to fall back on`);
  if (!pods) return [...problems, `${where}: does not scale on connected sockets per pod (a Pods metric)`];
  const name = pods.pods!.metric.name;
  if (pods.pods!.target.type !== 'AverageValue') problems.push(`${where}: ${name} needs an AverageValue target (sockets per pod)`);
  const { all } = await exposedSeries();
  if (!all.has(name)) problems.push(`${where}: scales on ${name}, which no app exposes`);
  const adapter = parse(readFileSync(join(root, 'k8s', 'monitoring', 'prometheus-adapter-rules.yaml'), 'utf8')) as {
    rules?: { custom?: Array<{ seriesQuery: string; name?: { matches?: string; as?: string }; resources?: { overrides?: Record<string, { resource: string }> } }> };
  };
  const rule = (adapter.rules?.custom ?? []).find((r) => (r.name?.as ?? /^([a-z_:][a-z0-9_:]*)/.exec(r.seriesQuery)?.[1]) === name);
  if (!rule) return [...problems, `k8s/monitoring/prometheus-adapter-rules.yaml: no rule serves ${name}, which the gateway HPA asks for`];
  const series = /^([a-z_:][a-z0-9_:]*)/.exec(rule.seriesQuery)?.[1] ?? '';
  if (!all.has(series)) problems.push(`k8s/monitoring/prometheus-adapter-rules.yaml: the rule for ${name} reads ${series}, which no app exposes`);
  const resources = Object.values(rule.resources?.overrides ?? {}).map((o) => o.resource);
  if (!resources.includes('pod') || !resources.includes('namespace')) problems.push(`k8s/monitoring/prometheus-adapter-rules.yaml: the rule for ${name} must map its series to namespace and pod`);
  return problems;
}

/** Deployment-level resilience of the rendered overlays and of compose. */
export async function checkResilience(files: DeployFiles): Promise<string[]> {
  const problems: string[] = [];
  for (const [overlay, objects] of Object.entries(files.overlays)) {
    const config = (objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'rendezvous-config')?.data ?? {}) as Record<string, string>;
    const drainMs = Number(config.SHUTDOWN_DRAIN_MS ?? 15_000);
    const spreadMs = Number(config.SHUTDOWN_SPREAD_MS ?? 10_000);
    if (spreadMs > 0 && drainMs <= spreadMs) problems.push(`k8s ${overlay}: SHUTDOWN_DRAIN_MS ${drainMs} must be longer than SHUTDOWN_SPREAD_MS ${spreadMs} (the apps refuse to start otherwise)`);
    const deployments = objects.filter((o): o is Deployment => o.kind === 'Deployment');
    for (const deployment of deployments) {
      problems.push(...checkPod(overlay, deployment, Math.ceil(drainMs / 1_000)));
      if (REPLICATED.includes(deployment.metadata?.name ?? '')) problems.push(...checkReplicated(overlay, deployment, objects));
    }
    problems.push(...(await checkSocketScaling(overlay, objects, files.root)));
  }
  for (const object of files.overlays.prod ?? []) {
    for (const container of containersOf(object)) {
      const image = container.image ?? '';
      if (!DIGEST.test(image) || splitImage(image).tag) problems.push(`k8s prod ${object.kind}/${object.metadata?.name} container ${container.name}: image ${image} is not pinned by digest (name@sha256:…)`);
    }
  }
  const services = files.compose.services ?? {};
  for (const name of REPLICATED) {
    if ((services[name]?.deploy?.replicas ?? 1) < 2) problems.push(`docker-compose.yml ${name}: needs at least two replicas`);
  }
  for (const [name, service] of Object.entries(services)) {
    const drain = Number(composeEnvOf(files, service).get('SHUTDOWN_DRAIN_MS') ?? NaN);
    const grace = /^(\d+)s$/.exec(String(service.stop_grace_period ?? '10s'))?.[1];
    if (Number.isFinite(drain) && Number(grace) < Math.ceil(drain / 1_000) + CLOSE_MARGIN_SECONDS) problems.push(`docker-compose.yml ${name}: stop_grace_period ${service.stop_grace_period ?? '10s (default)'} does not outlast SHUTDOWN_DRAIN_MS ${drain}`);
  }
  return problems;
}
