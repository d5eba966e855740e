import type { DeployFiles } from './deploy-files.js';

/**
 * Every Redis the deployment files start has a memory limit and the `noeviction` policy: full, it
 * refuses writes (uploads get 503) instead of silently evicting sessions or pairings.
 */
export function checkRedisMemory(files: DeployFiles): string[] {
  const problems: string[] = [];
  const check = (where: string, args: unknown) => {
    const list = (Array.isArray(args) ? args : String(args ?? '').split(/\s+/)).map(String);
    const value = (flag: string) => {
      const at = list.indexOf(flag);
      return at >= 0 ? list[at + 1] : undefined;
    };
    if (!/^\d+(kb|mb|gb)?$/i.test(value('--maxmemory') ?? '')) problems.push(`${where}: redis-server has no --maxmemory limit`);
    if (value('--maxmemory-policy') !== 'noeviction') problems.push(`${where}: redis-server must run with --maxmemory-policy noeviction (got ${value('--maxmemory-policy') ?? 'the default'})`);
  };
  for (const [name, service] of Object.entries(files.compose.services)) {
    if (String(service.image ?? '').startsWith('redis:')) check(`docker-compose.yml ${name}`, service.command);
  }
  for (const [overlay, objects] of Object.entries(files.overlays)) {
    for (const object of objects) {
      const containers = (object as { spec?: { template?: { spec?: { containers?: Array<{ name: string; image?: string; args?: string[]; command?: string[] }> } } } }).spec?.template?.spec?.containers ?? [];
      for (const container of containers) {
        if (String(container.image ?? '').startsWith('redis:')) check(`k8s ${overlay} ${object.kind}/${object.metadata?.name} container ${container.name}`, [...(container.command ?? []), ...(container.args ?? [])]);
      }
    }
  }
  return problems;
}
