import { containersOf, podLabelsOf } from './deploy-files.js';
import type { KubeObject } from './k8s-schema.js';
import { selects, type LabelSelector } from './label-selector.js';

/**
 * NetworkPolicy semantics, enough to answer "can A open a connection to B on port P" for the rendered
 * manifests: a pod selected by a policy of a type is isolated for that direction and admits only what one
 * of those policies' rules allows; a connection needs the sender's egress and the receiver's ingress.
 * Written by hand: the analysers that exist (np-guard, Cilium's editor) are not npm packages, and the
 * rules used here are the plain Kubernetes ones (pod and namespace selectors, ipBlocks, numbered and
 * named ports). Pods never match ipBlocks here (whether they do is up to the network plugin).
 */
export interface Pod {
  kind: 'pod';
  name: string;
  namespace: string;
  namespaceLabels: Record<string, string>;
  labels: Record<string, string>;
  /** Named container ports. */
  ports: Record<string, number>;
}

export interface Address {
  kind: 'ip';
  name: string;
  ip: string;
}

export type Endpoint = Pod | Address;

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: PolicyPort[];
}

interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: Array<'Ingress' | 'Egress'>;
  ingress?: Rule[];
  egress?: Rule[];
}

type Direction = 'Ingress' | 'Egress';

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipToNumber(ip) / size) === Math.floor(ipToNumber(base) / size);
}

function typesOf(spec: PolicySpec): Direction[] {
  return spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

export class NetworkPolicies {
  private readonly policies: Array<{ namespace: string; spec: PolicySpec }>;

  constructor(objects: KubeObject[]) {
    this.policies = objects
      .filter((o) => o.kind === 'NetworkPolicy')
      .map((o) => ({ namespace: o.metadata?.namespace ?? 'default', spec: o.spec as PolicySpec }));
  }

  /** Whether `from` may open a connection to `to` on `port`/`protocol`. */
  allows(from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
    return this.admits(from, 'Egress', to, port, protocol) && this.admits(to, 'Ingress', from, port, protocol);
  }

  /**
   * The sides that would let a connection through on their own: `from`'s egress and `to`'s ingress, each
   * only where that end is a pod of `namespace` (the other end's policies are not ours to count on).
   */
  openSides(from: Endpoint, to: Endpoint, port: number, protocol: string, namespace: string): string[] {
    const ours = (endpoint: Endpoint) => endpoint.kind === 'pod' && endpoint.namespace === namespace;
    const open: string[] = [];
    if (ours(from) && this.admits(from, 'Egress', to, port, protocol)) open.push(`${from.name}'s egress`);
    if (ours(to) && this.admits(to, 'Ingress', from, port, protocol)) open.push(`${to.name}'s ingress`);
    return open;
  }

  /** Whether `pod`'s policies of `direction` let traffic with `peer` through (endpoints that no policy governs always do). */
  private admits(pod: Endpoint, direction: Direction, peer: Endpoint, port: number, protocol: string): boolean {
    if (pod.kind !== 'pod') return true;
    const governing = this.policies.filter((p) => p.namespace === pod.namespace && selects(p.spec.podSelector, pod.labels) && typesOf(p.spec).includes(direction));
    if (governing.length === 0) return true;
    const destination = direction === 'Egress' ? peer : pod;
    return governing.some(({ namespace, spec }) =>
      ((direction === 'Egress' ? spec.egress : spec.ingress) ?? []).some((rule) => {
        const peers = direction === 'Egress' ? rule.to : rule.from;
        const peerOk = !peers || peers.length === 0 || peers.some((p) => this.peerMatches(p, namespace, peer));
        const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((p) => this.portMatches(p, destination, port, protocol));
        return peerOk && portOk;
      }),
    );
  }

  private peerMatches(peer: Peer, policyNamespace: string, endpoint: Endpoint): boolean {
    if (peer.ipBlock) return endpoint.kind === 'ip' && inCidr(endpoint.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((cidr) => inCidr(endpoint.ip, cidr));
    if (endpoint.kind !== 'pod') return false;
    const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, endpoint.namespaceLabels) : endpoint.namespace === policyNamespace;
    const podOk = peer.podSelector ? selects(peer.podSelector, endpoint.labels) : true;
    return namespaceOk && podOk;
  }

  private portMatches(rule: PolicyPort, destination: Endpoint, port: number, protocol: string): boolean {
    if ((rule.protocol ?? 'TCP') !== protocol) return false;
    if (rule.port === undefined) return true;
    const number = typeof rule.port === 'number' ? rule.port : destination.kind === 'pod' ? destination.ports[rule.port] : undefined;
    if (number === undefined) return false;
    return rule.endPort !== undefined ? port >= number && port <= rule.endPort : port === number;
  }
}

/** The pods an overlay runs, by their app name, with the labels and named ports of their template. */
export function podsOf(objects: KubeObject[]): Map<string, Pod> {
  const namespace = objects.find((o) => o.kind === 'Namespace')?.metadata?.name ?? 'default';
  const pods = new Map<string, Pod>();
  for (const workload of objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind))) {
    const ports = Object.fromEntries(containersOf(workload).flatMap((c) => (c.ports ?? []).filter((p) => p.name).map((p) => [p.name!, p.containerPort])));
    pods.set(workload.metadata?.name ?? '?', { kind: 'pod', name: workload.metadata?.name ?? '?', namespace, namespaceLabels: { 'kubernetes.io/metadata.name': namespace }, labels: podLabelsOf(workload), ports });
  }
  return pods;
}

function outsider(name: string, namespace: string, labels: Record<string, string>, ports: Record<string, number> = {}): Pod {
  return { kind: 'pod', name, namespace, namespaceLabels: { 'kubernetes.io/metadata.name': namespace }, labels, ports };
}

const APPS = ['session', 'matchmaking', 'gateway'];
const INGRESS_CONTROLLER = outsider('the ingress controller', 'ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' });
const PROMETHEUS = outsider('Prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' });
const DNS = outsider('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' }, { dns: 53 });
const ELSEWHERE = outsider('a pod of another namespace', 'elsewhere', { app: 'curious' });
const INTERNET: Address = { kind: 'ip', name: 'the internet', ip: '203.0.113.7' };

/**
 * Who may reach whom in one rendered overlay: default deny; Redis only from the apps; the web pod reaches
 * nothing but DNS; the ingress controller reaches web, session and gateway only; the apps reach Redis and
 * DNS and not each other (their requests go over Redis); Prometheus scrapes the apps.
 */
export function checkNetworkPolicies(overlay: string, objects: KubeObject[]): string[] {
  const policies = new NetworkPolicies(objects);
  const pods = podsOf(objects);
  const problems: string[] = [];
  const pod = (name: string) => pods.get(name);
  const namespace = [...pods.values()][0]?.namespace ?? 'default';
  const stranger = outsider('an unlabelled pod of the namespace', namespace, { app: 'intruder' }, { http: 8080 });
  // The external Redis of an overlay without one in the cluster: the addresses the app pods' egress allows on Redis ports.
  const externalRedis: Address[] = objects
    .filter((o) => o.kind === 'NetworkPolicy')
    .flatMap((o) => ((o.spec as PolicySpec).egress ?? []).flatMap((rule) => (rule.to ?? []).filter((p) => p.ipBlock).map((p) => p.ipBlock!.cidr)))
    .map((cidr) => ({ kind: 'ip', name: `Redis at ${cidr}`, ip: cidr.split('/')[0] }));
  const redis: Array<{ target: Endpoint; port: number }> = pod('redis') ? [{ target: pod('redis')!, port: 6379 }] : externalRedis.map((target) => ({ target, port: 6379 }));
  if (redis.length === 0) problems.push(`k8s ${overlay}: no Redis the apps are allowed to reach (neither a redis pod nor an ipBlock)`);

  // Allowed: the connection works. Denied: each end of ours refuses it by itself (defence in depth: a gap
  // in one policy is not hidden by the other end's).
  const must = (from: Endpoint | undefined, to: Endpoint | undefined, port: number, allowed: boolean, protocol = 'TCP') => {
    if (!from || !to) return;
    const where = `k8s ${overlay} NetworkPolicies: ${from.name}`;
    if (allowed && !policies.allows(from, to, port, protocol)) problems.push(`${where} cannot reach ${to.name} on ${protocol} ${port}`);
    const open = allowed ? [] : policies.openSides(from, to, port, protocol, namespace);
    if (open.length > 0) problems.push(`${where} can reach ${to.name} on ${protocol} ${port}: ${open.join(' and ')} ${open.length > 1 ? 'let' : 'lets'} it through`);
  };

  for (const app of APPS) {
    const self = pod(app);
    for (const { target, port } of redis) must(self, target, port, true);
    must(self, DNS, 53, true, 'UDP');
    must(self, INTERNET, 443, false);
    must(self, pod('web'), 8080, false);
    for (const other of APPS) if (other !== app) must(self, pod(other), pod(other)?.ports.http ?? 0, false);
    must(PROMETHEUS, self, self?.ports.http ?? 0, true);
  }
  const web = pod('web');
  must(web, DNS, 53, true, 'UDP');
  for (const app of APPS) must(web, pod(app), pod(app)?.ports.http ?? 0, false);
  for (const { target, port } of redis) must(web, target, port, false);
  must(web, INTERNET, 443, false);

  for (const app of ['web', 'session', 'gateway']) must(INGRESS_CONTROLLER, pod(app), pod(app)?.ports.http ?? 0, true);
  must(INGRESS_CONTROLLER, pod('matchmaking'), pod('matchmaking')?.ports.http ?? 0, false);
  for (const outside of [INGRESS_CONTROLLER, ELSEWHERE, PROMETHEUS, stranger, web]) {
    must(outside, pod('redis'), 6379, false);
    must(outside, pod('session'), pod('session')?.ports.http ?? 0, outside === INGRESS_CONTROLLER || outside === PROMETHEUS);
  }
  // default deny: a pod nobody planned for receives nothing and sends nothing
  for (const app of ['web', ...APPS]) must(pod(app), stranger, 8080, false);
  must(INGRESS_CONTROLLER, stranger, 8080, false);
  must(stranger, DNS, 53, false, 'UDP');
  must(stranger, INTERNET, 443, false);
  return problems;
}
