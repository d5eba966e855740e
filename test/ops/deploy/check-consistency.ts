import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeEnvOf, containersOf, podLabelsOf, podSpecOf, type Container, type DeployFiles } from './deploy-files.js';
import type { KubeObject } from './k8s-schema.js';
import { splitImage } from './kustomize.js';

/** Images that are not built here and may appear by name. */
const THIRD_PARTY_IMAGES = new Set(['redis', 'coturn/coturn']);
/** The image name prefix of what the Dockerfile builds: rendezvous/<stage>. */
const OWN_IMAGE = /(?:^|\/)rendezvous\/([a-z0-9-]+)$/;

export function dockerStages(dockerfile: string): string[] {
  return [...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+([A-Za-z0-9_-]+)\s*$/gim)].map((match) => match[1]);
}

/** An image is one of ours (rendezvous/<Dockerfile stage>) or an allowed third-party one. */
function checkImage(where: string, image: string | undefined, stages: string[]): string[] {
  if (!image) return [`${where}: no image`];
  const { name } = splitImage(image);
  const own = OWN_IMAGE.exec(name);
  if (own) return stages.includes(own[1]) ? [] : [`${where}: image ${image} names no Dockerfile stage (stages: ${stages.join(', ')})`];
  return THIRD_PARTY_IMAGES.has(name) ? [] : [`${where}: image ${image} is neither built here nor an allowed third-party image`];
}

/** `node dist/apps/<app>/src/main.js` must be an app the build compiles and package.json starts. */
function checkCommand(files: DeployFiles, where: string, command: string[] | string | undefined, image: string | undefined): string[] {
  if (command === undefined || !OWN_IMAGE.test(splitImage(image ?? '').name)) return [];
  const argv = Array.isArray(command) ? command : command.split(/\s+/);
  const entry = /^dist\/apps\/([a-z0-9-]+)\/src\/main\.js$/.exec(argv[1] ?? '');
  if (argv[0] !== 'node' || !entry) return [`${where}: command ${argv.join(' ')} is not "node dist/apps/<app>/src/main.js"`];
  const problems: string[] = [];
  const app = entry[1];
  if (!existsSync(join(files.root, 'apps', app, 'src', 'main.ts'))) problems.push(`${where}: command runs ${argv[1]} but apps/${app}/src/main.ts does not exist`);
  const build = JSON.parse(readFileSync(join(files.root, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
  if (!build.include.includes(`apps/${app}/src`)) problems.push(`${where}: apps/${app}/src is not compiled by tsconfig.build.json`);
  const scripts = (JSON.parse(readFileSync(join(files.root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  if (!Object.values(scripts).some((script) => script.includes(argv[1]))) problems.push(`${where}: no package.json script starts ${argv[1]}`);
  return problems;
}

const PORT_IN_URL = /https?:\/\/[^/:\s'"]+:(\d+)\//;

function checkCompose(files: DeployFiles, stages: string[]): string[] {
  const problems: string[] = [];
  const services = files.compose.services ?? {};
  const portOf = (name: string) => composeEnvOf(files, services[name] ?? {}).get('PORT');
  for (const [name, service] of Object.entries(services)) {
    const where = `docker-compose.yml ${name}`;
    problems.push(...checkImage(where, service.image, stages));
    const target = typeof service.build === 'object' ? service.build.target : undefined;
    if (target && !stages.includes(target)) problems.push(`${where}: build target ${target} is not a Dockerfile stage`);
    if (target && service.image && OWN_IMAGE.exec(splitImage(service.image).name)?.[1] !== target) problems.push(`${where}: image ${service.image} does not match build target ${target}`);
    problems.push(...checkCommand(files, where, service.command, service.image));
    if (!service.healthcheck || service.healthcheck.disable) problems.push(`${where}: no healthcheck`);
    const port = portOf(name);
    const probed = PORT_IN_URL.exec(JSON.stringify(service.healthcheck?.test ?? ''))?.[1];
    if (port && probed && probed !== port) problems.push(`${where}: healthcheck probes port ${probed} but PORT is ${port}`);
    const dependsOn = service.depends_on ?? {};
    for (const dependency of Array.isArray(dependsOn) ? dependsOn : Object.keys(dependsOn)) {
      if (!services[dependency]) problems.push(`${where}: depends on unknown service ${dependency}`);
      else if (!Array.isArray(dependsOn) && dependsOn[dependency].condition === 'service_healthy' && !services[dependency].healthcheck) problems.push(`${where}: waits for ${dependency} to be healthy, which has no healthcheck`);
    }
    const env = composeEnvOf(files, service);
    for (const variable of ['NGINX_SESSION_SERVERS', 'NGINX_GATEWAY_SERVERS']) {
      for (const [, host, upstreamPort] of (env.get(variable) ?? '').matchAll(/server\s+([a-z0-9-]+):(\d+)/g)) {
        if (!services[host]) problems.push(`${where}: ${variable} points at unknown service ${host}`);
        else if (portOf(host) !== upstreamPort) problems.push(`${where}: ${variable} points at ${host}:${upstreamPort} but ${host} listens on ${portOf(host)}`);
      }
    }
  }
  return problems;
}

function portNumber(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function checkWorkload(object: KubeObject, where: string, stages: string[], files: DeployFiles): string[] {
  const problems: string[] = [];
  const pod = podSpecOf(object) ?? {};
  if (pod.hostNetwork) problems.push(`${where}: hostNetwork`);
  if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: the pod does not require runAsNonRoot`);
  for (const container of containersOf(object)) {
    const at = `${where} container ${container.name}`;
    problems.push(...checkImage(at, container.image, stages));
    problems.push(...checkCommand(files, at, container.command, container.image));
    const security = container.securityContext ?? {};
    if (security.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem is not read-only`);
    if (security.allowPrivilegeEscalation !== false) problems.push(`${at}: allows privilege escalation`);
    if (!security.capabilities?.drop?.includes('ALL')) problems.push(`${at}: does not drop all capabilities`);
    for (const kind of ['requests', 'limits'] as const) {
      if (!container.resources?.[kind]?.cpu || !container.resources?.[kind]?.memory) problems.push(`${at}: no cpu/memory ${kind}`);
    }
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
      const definition = container[probe];
      if (!definition) {
        problems.push(`${at}: no ${probe}`);
        continue;
      }
      const port = definition.httpGet?.port ?? definition.tcpSocket?.port;
      if (port !== undefined && portNumber(container, port) === undefined) problems.push(`${at}: ${probe} uses port ${port}, which the container does not declare`);
    }
    const portEnv = container.env?.find((entry) => entry.name === 'PORT')?.value;
    if (portEnv && !container.ports?.some((p) => String(p.containerPort) === portEnv)) problems.push(`${at}: PORT is ${portEnv} but the container declares ports ${container.ports?.map((p) => p.containerPort).join(', ')}`);
  }
  return problems;
}

function matches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function checkOverlay(overlay: string, objects: KubeObject[], stages: string[], files: DeployFiles): string[] {
  const problems: string[] = [];
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  const workloads = objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
  for (const workload of workloads) problems.push(...checkWorkload(workload, `k8s ${overlay} ${workload.kind}/${workload.metadata?.name}`, stages, files));
  for (const name of ['session', 'matchmaking', 'gateway', 'web']) if (!find('Deployment', name)) problems.push(`k8s ${overlay}: no Deployment ${name}`);
  if (!objects.some((o) => o.kind === 'Namespace')) problems.push(`k8s ${overlay}: no Namespace`);

  for (const service of objects.filter((o) => o.kind === 'Service')) {
    const spec = service.spec as { selector?: Record<string, string>; ports?: Array<{ name?: string; port: number; targetPort?: number | string }> };
    const pods = workloads.filter((w) => matches(spec.selector, podLabelsOf(w)));
    if (pods.length === 0) problems.push(`k8s ${overlay} Service/${service.metadata?.name}: selects no workload`);
    for (const port of spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      if (!pods.some((w) => containersOf(w).some((c) => portNumber(c, target) !== undefined))) problems.push(`k8s ${overlay} Service/${service.metadata?.name}: targetPort ${target} is no container port of its pods`);
    }
  }
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    const rules = ((ingress.spec as any)?.rules ?? []) as Array<{ http?: { paths: Array<{ path: string; backend: { service: { name: string; port: { name?: string; number?: number } } } }> } }>;
    for (const path of rules.flatMap((rule) => rule.http?.paths ?? [])) {
      const { name, port } = path.backend.service;
      const service = find('Service', name);
      const ports = ((service?.spec as any)?.ports ?? []) as Array<{ name?: string; port: number }>;
      if (!service) problems.push(`k8s ${overlay} Ingress ${path.path}: no Service ${name}`);
      else if (!ports.some((p) => (port.name !== undefined ? p.name === port.name : p.port === port.number))) problems.push(`k8s ${overlay} Ingress ${path.path}: Service ${name} has no port ${port.name ?? port.number}`);
    }
  }
  // the web's nginx upstreams name Services and their ports
  for (const container of objects.flatMap(containersOf)) {
    for (const entry of container.env ?? []) {
      if (!entry.name.startsWith('NGINX_') || !entry.value) continue;
      for (const [, host, port] of entry.value.matchAll(/server\s+([a-z0-9-]+):(\d+)/g)) {
        const ports = ((find('Service', host)?.spec as any)?.ports ?? []) as Array<{ port: number }>;
        if (!ports.some((p) => String(p.port) === port)) problems.push(`k8s ${overlay}: ${entry.name} points at ${host}:${port}, which no Service offers`);
      }
    }
  }
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && (o.spec as any)?.scaleTargetRef?.name === 'gateway' && (o.spec as any)?.scaleTargetRef?.kind === 'Deployment');
  if (!hpa) problems.push(`k8s ${overlay}: no HorizontalPodAutoscaler for the gateway Deployment`);
  return problems;
}

/** Images, commands and ports named by compose and k8s exist in the Dockerfile, the code and package.json, and agree with each other. */
export function checkConsistency(files: DeployFiles): string[] {
  const stages = dockerStages(files.dockerfile);
  const problems = [...checkCompose(files, stages)];
  for (const [, cmd] of files.dockerfile.matchAll(/^CMD\s+(\[.*\])\s*$/gm)) problems.push(...checkCommand(files, 'Dockerfile CMD', JSON.parse(cmd) as string[], 'rendezvous/server'));
  const template = readFileSync(join(files.root, 'deploy', 'nginx', 'rendezvous.conf.template'), 'utf8');
  for (const [, name] of template.matchAll(/\$\{(NGINX_[A-Z0-9_]+)\}/g)) {
    if (!new RegExp(`\\b${name}=`).test(files.dockerfile)) problems.push(`Dockerfile: the web image gives no default for ${name}, which the nginx template needs`);
  }
  for (const [overlay, objects] of Object.entries(files.overlays)) problems.push(...checkOverlay(overlay, objects, stages, files));
  const dev = files.overlays.dev ?? [];
  const prod = files.overlays.prod ?? [];
  if (!dev.some((o) => o.kind === 'StatefulSet' && o.metadata?.name === 'redis')) problems.push('k8s dev: Redis must run as a StatefulSet');
  if (prod.some((o) => containersOf(o).some((c) => splitImage(c.image ?? '').name === 'redis'))) problems.push('k8s prod: uses an in-cluster Redis; prod expects an external one');
  const prodConfig = prod.find((o) => o.kind === 'ConfigMap');
  if (prodConfig && 'REDIS_URL' in ((prodConfig.data as object) ?? {})) problems.push('k8s prod: REDIS_URL belongs in the Secret (it carries the password), not the ConfigMap');
  return problems;
}
