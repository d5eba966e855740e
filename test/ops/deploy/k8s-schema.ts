import { createRequire } from 'node:module';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

type ValidateFn = (this: unknown) => void;
const require = createRequire(import.meta.url);

/** The schema validator of one apiVersion/kind, from the kubernetes-models package (its generated JSON-schema code). */
function validatorOf(apiVersion: string, kind: string): ValidateFn | null {
  try {
    const module = require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, { prototype: { validate: ValidateFn } }>;
    return module[kind]?.prototype.validate ?? null;
  } catch {
    return null;
  }
}

/**
 * Runs the Kubernetes JSON schema of the object's kind over it, strictly: besides the schema's own
 * errors (types, enums, required fields), a field the schema never looks at is an unknown field (a
 * typo such as `readinessProbes`). The schema code reads every property it defines, so the object
 * is wrapped in proxies that record what was read; whatever was not, the schema does not know.
 */
export function validateKubeObject(object: KubeObject): string[] {
  const where = `${object.kind ?? '?'}/${object.metadata?.name ?? '?'}`;
  const validate = validatorOf(object.apiVersion, object.kind);
  if (!validate) return [`${where}: no Kubernetes schema for apiVersion ${object.apiVersion}, kind ${object.kind}`];
  const records: Array<{ path: string; target: Record<string, unknown>; read: Set<string> }> = [];
  const proxies = new WeakMap<object, unknown>();
  const track = (value: unknown, path: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const known = proxies.get(value);
    if (known) return known;
    const read = new Set<string>();
    if (!Array.isArray(value)) records.push({ path, target: value as Record<string, unknown>, read });
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const inner = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return inner;
        read.add(key);
        return Object.prototype.hasOwnProperty.call(target, key) ? track(inner, `${path}/${key}`) : inner;
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  const problems: string[] = [];
  try {
    validate.call(track(structuredClone(object), ''));
  } catch (error) {
    problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const { path, target, read } of records) {
    for (const key of Object.keys(target)) if (!read.has(key)) problems.push(`${where}: unknown field ${path}/${key}`);
  }
  return problems;
}
