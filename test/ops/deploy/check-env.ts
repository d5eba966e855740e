import { codeEnvVars, composeEnvOf, k8sEnvNames, readmeConfigVars, type DeployFiles } from './deploy-files.js';

/**
 * Variables a place may leave out, and why; each must still be one the code reads (checked), so the
 * list cannot go stale silently.
 */
export const NOT_SET_IN = {
  compose: {
    HOST: 'the default 0.0.0.0 is what a container needs',
    GATEWAY_ID: 'the default starts with the container hostname, unique per replica',
    WEB_DIST_PATH: 'only the embedded mode serves the web app; compose runs the distributed apps and nginx',
  },
  k8s: {
    WEB_DIST_PATH: 'only the embedded mode serves the web app; the cluster runs the distributed apps and nginx',
  },
} as const;

const BACKENDS = ['session', 'matchmaking', 'gateway'];

/** Every variable the code reads is in the README table, .env.example, compose and each k8s overlay, and nothing deployed is undocumented. */
export function checkEnvVars(files: DeployFiles): string[] {
  const problems: string[] = [];
  const code = codeEnvVars(files.root);
  const readme = new Set(readmeConfigVars(files.readme));
  const example = new Set([...files.envExample.set.keys(), ...files.envExample.commented]);
  for (const [place, exempt] of Object.entries(NOT_SET_IN)) {
    for (const name of Object.keys(exempt)) if (!code.includes(name)) problems.push(`check-env: ${name} is exempted for ${place} but the code does not read it`);
  }

  for (const name of code) {
    if (!readme.has(name)) problems.push(`${name} is read by the code but missing from the README configuration table`);
    if (!example.has(name)) problems.push(`${name} is read by the code but missing from .env.example`);
  }

  const backends = Object.entries(files.compose.services ?? {}).filter(([name]) => BACKENDS.includes(name));
  if (backends.length !== BACKENDS.length) problems.push(`docker-compose.yml must run ${BACKENDS.join(', ')} (has ${backends.map(([name]) => name).join(', ')})`);
  for (const [service, definition] of backends) {
    const env = composeEnvOf(files, definition);
    for (const name of code) {
      if (!env.has(name) && !(name in NOT_SET_IN.compose)) problems.push(`${name} is read by the code but not given to compose service ${service}`);
    }
  }

  for (const [overlay, objects] of Object.entries(files.overlays)) {
    const names = k8sEnvNames(objects);
    for (const name of code) {
      if (!names.has(name) && !(name in NOT_SET_IN.k8s)) problems.push(`${name} is read by the code but not in the k8s ${overlay} overlay's ConfigMap, Secret or container env`);
    }
    for (const name of names) {
      if (!name.startsWith('NGINX_') && !readme.has(name)) problems.push(`${name} is set by the k8s ${overlay} overlay but not documented in the README configuration table`);
    }
  }
  for (const name of example) if (!readme.has(name)) problems.push(`${name} is in .env.example but not documented in the README configuration table`);
  return problems;
}
