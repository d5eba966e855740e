import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { KubeObject } from './k8s-schema.js';

/**
 * `kustomize build` for the features k8s/ uses, with no download: resources (files and directories),
 * namespace, labels (metadata only), images, replicas and patches written as JSON 6902 operations
 * with a target. Anything else in a kustomization is refused rather than half-done, so a manifest
 * change that needs more makes this fail loudly. The test compares it with `kubectl kustomize`
 * wherever kubectl exists.
 */
const SUPPORTED = new Set(['apiVersion', 'kind', 'namespace', 'labels', 'resources', 'images', 'replicas', 'patches']);

/** Kinds that live outside namespaces (the ones a Rendezvous deployment could plausibly carry). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
}

interface Kustomization {
  namespace?: string;
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }>;
  resources?: string[];
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
  replicas?: Array<{ name: string; count: number }>;
  patches?: Array<{ path?: string; patch?: string; target?: Target }>;
}

export class KustomizeError extends Error {}

function readKustomization(dir: string): Kustomization {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => join(dir, name)).find((path) => existsSync(path));
  if (!file) throw new KustomizeError(`${dir}: no kustomization.yaml`);
  const content = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(content)) if (!SUPPORTED.has(key)) throw new KustomizeError(`${file}: "${key}" is not supported by this renderer`);
  return content as Kustomization;
}

function readResources(path: string): KubeObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new KustomizeError(`${path}: ${doc.errors[0].message}`);
      return doc.toJS() as KubeObject | null;
    })
    .filter((object): object is KubeObject => object !== null && typeof object === 'object');
}

/** Builds the kustomization in `dir`, like `kubectl kustomize dir`. */
export function kustomizeBuild(dir: string): KubeObject[] {
  const root = resolve(dir);
  const k = readKustomization(root);
  let objects: KubeObject[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(root, entry);
    if (!existsSync(path)) throw new KustomizeError(`${root}: resource ${entry} does not exist`);
    objects.push(...(statSync(path).isDirectory() ? kustomizeBuild(path) : readResources(path)));
  }
  objects = objects.map((object) => structuredClone(object));
  const ids = new Set<string>();
  for (const object of objects) {
    const id = `${object.apiVersion}/${object.kind}/${object.metadata?.name}`;
    if (ids.has(id)) throw new KustomizeError(`${root}: ${id} is defined twice`);
    ids.add(id);
  }
  // the order of kustomize's built-in transformers: patches, namespace, labels, replicas, images
  for (const patch of k.patches ?? []) applyPatch(root, objects, patch);
  if (k.namespace) setNamespace(objects, k.namespace);
  for (const label of k.labels ?? []) {
    if (label.includeSelectors || label.includeTemplates) throw new KustomizeError(`${root}: labels with includeSelectors/includeTemplates are not supported`);
    for (const object of objects) {
      object.metadata ??= {};
      object.metadata.labels = { ...(object.metadata.labels ?? {}), ...label.pairs };
    }
  }
  for (const { name, count } of k.replicas ?? []) {
    const matched = objects.filter((object) => object.metadata?.name === name && isRecord(object.spec) && ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(object.kind));
    for (const object of matched) (object.spec as Record<string, unknown>).replicas = count;
  }
  for (const image of k.images ?? []) for (const object of objects) setImage(object, image);
  return objects;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function setNamespace(objects: KubeObject[], namespace: string): void {
  for (const object of objects) {
    object.metadata ??= {};
    // kustomize renames a Namespace object to the overlay's namespace and moves everything else into it
    if (object.kind === 'Namespace') object.metadata.name = namespace;
    else if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = namespace;
  }
}

function podSpecs(object: KubeObject): Array<Record<string, unknown>> {
  const spec = object.spec;
  if (!isRecord(spec)) return [];
  if (object.kind === 'Pod') return [spec];
  const template = isRecord(spec.template) ? spec.template : isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) ? spec.jobTemplate.spec.template : null;
  return isRecord(template) && isRecord(template.spec) ? [template.spec] : [];
}

/** Splits `registry:5000/a/b:tag@sha256:…` into name, tag and digest, as kustomize's image transformer does. */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withTag, digest] = image.split('@');
  const slash = withTag.lastIndexOf('/');
  const colon = withTag.lastIndexOf(':');
  return colon > slash ? { name: withTag.slice(0, colon), tag: withTag.slice(colon + 1), digest } : { name: withTag, digest };
}

function setImage(object: KubeObject, rule: NonNullable<Kustomization['images']>[number]): void {
  for (const spec of podSpecs(object)) {
    for (const list of ['initContainers', 'containers']) {
      const containers = spec[list];
      if (!Array.isArray(containers)) continue;
      for (const container of containers as Array<{ image?: string }>) {
        if (!container.image) continue;
        const current = splitImage(container.image);
        if (current.name !== rule.name) continue;
        const name = rule.newName ?? current.name;
        if (rule.digest) container.image = `${name}@${rule.digest}`;
        else if (rule.newTag) container.image = `${name}:${rule.newTag}`;
        else container.image = `${name}${current.tag ? `:${current.tag}` : ''}${current.digest ? `@${current.digest}` : ''}`;
      }
    }
  }
}

function fullMatch(pattern: string | undefined, value: string | undefined): boolean {
  return pattern === undefined || new RegExp(`^(?:${pattern})$`).test(value ?? '');
}

function matchesTarget(object: KubeObject, target: Target): boolean {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  if (!fullMatch(target.group, group) || !fullMatch(target.version, version) || !fullMatch(target.kind, object.kind)) return false;
  if (!fullMatch(target.name, object.metadata?.name) || !fullMatch(target.namespace, object.metadata?.namespace)) return false;
  if (target.labelSelector) {
    const labels = object.metadata?.labels ?? {};
    for (const term of target.labelSelector.split(',')) {
      const [key, value] = term.split('=').map((part) => part.trim());
      if (labels[key] !== value) return false;
    }
  }
  return true;
}

function applyPatch(root: string, objects: KubeObject[], patch: NonNullable<Kustomization['patches']>[number]): void {
  const text = patch.path ? readFileSync(resolve(root, patch.path), 'utf8') : patch.patch;
  if (!text) throw new KustomizeError(`${root}: a patch needs path or patch`);
  const ops = parse(text) as unknown;
  if (!Array.isArray(ops)) throw new KustomizeError(`${root}: only JSON 6902 patches (a list of operations) are supported`);
  if (!patch.target) throw new KustomizeError(`${root}: a JSON 6902 patch needs a target`);
  const matched = objects.filter((object) => matchesTarget(object, patch.target!));
  if (matched.length === 0) throw new KustomizeError(`${root}: patch target ${JSON.stringify(patch.target)} matches no resource`);
  for (const object of matched) {
    const patched = applyJsonPatch(object, ops as JsonPatchOp[]);
    for (const key of Object.keys(object)) delete (object as Record<string, unknown>)[key];
    Object.assign(object, patched);
  }
}

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new KustomizeError(`bad JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6902 on a copy of the document. */
export function applyJsonPatch<T>(document: T, ops: JsonPatchOp[]): T {
  let doc = structuredClone(document) as unknown;
  const parentOf = (path: string): { parent: any; key: string } => {
    const parts = pointer(path);
    const key = parts.pop();
    if (key === undefined) throw new KustomizeError('cannot patch the document root');
    let parent: any = doc;
    for (const part of parts) {
      if (parent === null || typeof parent !== 'object' || !(part in parent)) throw new KustomizeError(`path ${path} does not exist`);
      parent = parent[part];
    }
    return { parent, key };
  };
  const get = (path: string): unknown => {
    let node: any = doc;
    for (const part of pointer(path)) {
      if (node === null || typeof node !== 'object' || !(part in node)) throw new KustomizeError(`path ${path} does not exist`);
      node = node[part];
    }
    return node;
  };
  const remove = (path: string): unknown => {
    const { parent, key } = parentOf(path);
    if (!(key in parent)) throw new KustomizeError(`path ${path} does not exist`);
    const old = parent[key];
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    return old;
  };
  const add = (path: string, value: unknown): void => {
    if (path === '') {
      doc = value;
      return;
    }
    const { parent, key } = parentOf(path);
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : Number(key);
      if (!Number.isInteger(index) || index < 0 || index > parent.length) throw new KustomizeError(`bad array index in ${path}`);
      parent.splice(index, 0, value);
    } else parent[key] = value;
  };
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        add(op.path, structuredClone(op.value));
        break;
      case 'remove':
        remove(op.path);
        break;
      case 'replace':
        remove(op.path);
        add(op.path, structuredClone(op.value));
        break;
      case 'move':
        add(op.path, remove(op.from!));
        break;
      case 'copy':
        add(op.path, structuredClone(get(op.from!)));
        break;
      case 'test':
        if (JSON.stringify(get(op.path)) !== JSON.stringify(op.value)) throw new KustomizeError(`test failed at ${op.path}`);
        break;
      default:
        throw new KustomizeError(`unknown patch op ${(op as { op: string }).op}`);
    }
  }
  return doc as T;
}
