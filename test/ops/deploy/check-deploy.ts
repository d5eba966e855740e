import { checkConsistency } from './check-consistency.js';
import { checkDashboard } from './check-dashboard.js';
import { checkEnvVars } from './check-env.js';
import { checkRedisMemory } from './check-redis-memory.js';
import { checkNetworkPolicies } from './check-network-policies.js';
import { checkResilience } from './check-resilience.js';
import { composeSchemaValidator, loadDeployFiles } from './deploy-files.js';
import { validateKubeObject } from './k8s-schema.js';

/** Every offline check of the deployment files of one checkout; [] when all is well. */
export async function checkDeploy(root: string): Promise<string[]> {
  const files = loadDeployFiles(root);
  const problems: string[] = [];
  for (const [overlay, objects] of Object.entries(files.overlays)) {
    for (const object of objects) problems.push(...validateKubeObject(object).map((problem) => `k8s ${overlay} ${problem}`));
    problems.push(...checkNetworkPolicies(overlay, objects));
  }
  problems.push(...composeSchemaValidator()(files.compose));
  problems.push(...checkEnvVars(files));
  problems.push(...checkConsistency(files));
  problems.push(...checkRedisMemory(files));
  problems.push(...(await checkResilience(files)));
  problems.push(...(await checkDashboard(root)));
  return problems;
}
