import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { checkDeploy } from './deploy/check-deploy.js';
import { codeEnvVars, readmeConfigVars, OVERLAYS } from './deploy/deploy-files.js';
import type { KubeObject } from './deploy/k8s-schema.js';
import { kustomizeBuild } from './deploy/kustomize.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** What the checks read; a broken copy needs nothing else. */
const CHECKED = ['k8s', 'deploy', 'docker-compose.yml', '.env.example', 'README.md', 'Dockerfile', 'package.json', 'tsconfig.build.json', 'libs', 'apps'];

/** A copy of the checked files with one deliberate mistake, checked like the real thing. */
async function problemsAfter(edit: (path: (file: string) => string) => void): Promise<string[]> {
  const copy = mkdtempSync(join(tmpdir(), 'rdv-deploy-'));
  try {
    for (const entry of CHECKED) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true, filter: (src) => !src.includes('node_modules') && !src.includes(`${join('apps', 'web')}`) });
    edit((file) => join(copy, file));
    return await checkDeploy(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

function replaceIn(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${file}: ${String(from)} not found`);
  writeFileSync(file, changed);
}

describe('deployment files, validated offline', () => {
  it('pass every check: Kubernetes schemas, the compose schema, env vars everywhere, images, commands, ports, dashboard', async () => {
    expect(await checkDeploy(ROOT)).toEqual([]);
  });

  it('find every variable the code reads, and the README documents each one', () => {
    const vars = codeEnvVars(ROOT);
    expect(vars).toEqual(expect.arrayContaining(['PORT', 'REDIS_URL', 'JWT_SECRET', 'LOG_LEVEL', 'SOCKET_ADAPTER', 'SHUTDOWN_DRAIN_MS']));
    expect(readmeConfigVars(readFileSync(join(ROOT, 'README.md'), 'utf8'))).toEqual(expect.arrayContaining(vars));
  });

  it('render each overlay exactly as kubectl kustomize does (where kubectl is installed)', () => {
    const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    if (kubectl.status !== 0) return; // the renderer's own checks above still ran
    const key = (o: KubeObject) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    for (const overlay of OVERLAYS) {
      const dir = join(ROOT, 'k8s', 'overlays', overlay);
      const reference = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
      expect(reference.stderr).toBe('');
      const expected = parseAllDocuments(reference.stdout).map((doc) => doc.toJS() as KubeObject);
      const ours = kustomizeBuild(dir);
      expect(new Map(ours.map((o) => [key(o), o]))).toEqual(new Map(expected.map((o) => [key(o), o])));
    }
  });
});

describe('the deployment checks fail on a real mismatch', () => {
  it('a variable added to the config but nowhere else', async () => {
    const problems = await problemsAfter((path) =>
      replaceIn(path('libs/config/src/load-config.ts'), "logLevel: read.oneOf('LOG_LEVEL'", "busTimeoutMs2: read.int('NEW_KNOB_MS', 1, 0, 9),\n    logLevel: read.oneOf('LOG_LEVEL'"),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'NEW_KNOB_MS is read by the code but missing from the README configuration table',
        'NEW_KNOB_MS is read by the code but missing from .env.example',
        'NEW_KNOB_MS is read by the code but not given to compose service gateway',
        "NEW_KNOB_MS is read by the code but not in the k8s prod overlay's ConfigMap, Secret or container env",
      ]),
    );
  });

  it('a direct process.env read in a library', async () => {
    const problems = await problemsAfter((path) => writeFileSync(path('libs/redis/src/sneaky.ts'), 'export const x = process.env.SNEAKY_FLAG;\n'));
    expect(problems).toContain('SNEAKY_FLAG is read by the code but missing from .env.example');
  });

  it('a misspelt field and a wrong type in a manifest', async () => {
    const problems = await problemsAfter((path) => {
      replaceIn(path('k8s/base/session.yaml'), 'readinessProbe:', 'readinesProbe:');
      replaceIn(path('k8s/base/gateway-scaling.yaml'), 'averageUtilization: 70', 'averageUtilization: seventy');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'k8s dev Deployment/session: unknown field /spec/template/spec/containers/0/readinesProbe',
        'k8s prod HorizontalPodAutoscaler/gateway: data/spec/metrics/1/resource/target/averageUtilization must be integer',
      ]),
    );
  });

  it('a compose file the compose schema refuses', async () => {
    const problems = await problemsAfter((path) => replaceIn(path('docker-compose.yml'), 'restart: unless-stopped\n  read_only', 'restart: unless-stopped\n  readonly: true\n  read_only'));
    expect(problems).toContain('docker-compose.yml/services/session must NOT have additional properties (readonly)');
  });

  it('an app, an image or a port that does not exist', async () => {
    const problems = await problemsAfter((path) => {
      replaceIn(path('docker-compose.yml'), 'dist/apps/matchmaking/src/main.js', 'dist/apps/matchmaker/src/main.js');
      replaceIn(path('k8s/base/web.yaml'), 'image: rendezvous/web', 'image: rendezvous/website');
      replaceIn(path('k8s/base/session.yaml'), "value: '3001'", "value: '3005'");
      replaceIn(path('docker-compose.yml'), "NGINX_GATEWAY_SERVERS: 'server gateway:3000;'", "NGINX_GATEWAY_SERVERS: 'server gateway:3030;'");
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'docker-compose.yml matchmaking: command runs dist/apps/matchmaker/src/main.js but apps/matchmaker/src/main.ts does not exist',
        'k8s dev Deployment/web container web: image rendezvous/website names no Dockerfile stage (stages: deps, build, prod-deps, server, web)',
        'k8s prod Deployment/session container session: PORT is 3005 but the container declares ports 3001',
        'docker-compose.yml web: NGINX_GATEWAY_SERVERS points at gateway:3030 but gateway listens on 3000',
      ]),
    );
  });

  it('a Redis without a memory limit, or one that evicts', async () => {
    const problems = await problemsAfter((path) => {
      replaceIn(path('docker-compose.yml'), /, --maxmemory, [^,\]]+/, '');
      replaceIn(path('k8s/overlays/dev/redis.yaml'), 'noeviction', 'volatile-lru');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'docker-compose.yml redis: redis-server has no --maxmemory limit',
        'k8s dev StatefulSet/redis container redis: redis-server must run with --maxmemory-policy noeviction (got volatile-lru)',
      ]),
    );
  });

  it('a dashboard panel on a metric nobody exposes', async () => {
    const problems = await problemsAfter((path) => replaceIn(path('k8s/grafana/rendezvous-dashboard.json'), /rendezvous_queue_depth/g, 'rendezvous_queue_length'));
    expect(problems).toEqual(
      expect.arrayContaining(['dashboard panel "Queue depth" queries rendezvous_queue_length, which no app exposes', 'dashboard shows no panel for rendezvous_queue_depth']),
    );
  });
});

describe('the resilience checks fail on a real gap', () => {
  it('a single replica, a Recreate rollout, no disruption budget', async () => {
    const problems = await problemsAfter((path) => {
      replaceIn(path('k8s/base/matchmaking.yaml'), 'replicas: 2', 'replicas: 1');
      replaceIn(path('k8s/base/matchmaking.yaml'), /---\n# a voluntary disruption[\s\S]*$/, '');
      replaceIn(path('k8s/base/session.yaml'), 'type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0', 'type: Recreate');
      replaceIn(path('docker-compose.yml'), 'command: [node, dist/apps/session/src/main.js]\n    deploy:\n      replicas: 2', 'command: [node, dist/apps/session/src/main.js]');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'k8s dev Deployment/matchmaking: 1 replica(s); losing that pod would stop the service (needs at least 2)',
        'k8s dev Deployment/matchmaking: no PodDisruptionBudget selects its pods',
        'k8s prod Deployment/session: a rollout must be RollingUpdate with maxUnavailable 0 (has Recreate, maxUnavailable default)',
        'docker-compose.yml session: needs at least two replicas',
      ]),
    );
  });

  it('pods bunched on one node, left on a dead node, or killed mid-drain', async () => {
    const problems = await problemsAfter((path) => {
      replaceIn(path('k8s/base/gateway.yaml'), 'topologyKey: kubernetes.io/hostname', 'topologyKey: kubernetes.io/os');
      replaceIn(path('k8s/base/web.yaml'), 'tolerationSeconds: 30', 'tolerationSeconds: 300');
      replaceIn(path('k8s/base/session.yaml'), /          lifecycle:\n(?:            .*\n)+/, '');
      replaceIn(path('k8s/base/configmap.yaml'), "SHUTDOWN_DRAIN_MS: '15000'", "SHUTDOWN_DRAIN_MS: '25000'");
      replaceIn(path('k8s/base/configmap.yaml'), "SHUTDOWN_SPREAD_MS: '10000'", "SHUTDOWN_SPREAD_MS: '30000'");
      replaceIn(path('.env.example'), 'SHUTDOWN_DRAIN_MS=15000', 'SHUTDOWN_DRAIN_MS=40000');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'k8s dev Deployment/gateway: no topologySpreadConstraint over kubernetes.io/hostname selecting its own pods',
        'k8s prod Deployment/web: tolerates node.kubernetes.io/not-ready for 300 s (at most 30)',
        'k8s dev Deployment/session container session: no preStop hook (traffic would still arrive after SIGTERM)',
        'k8s prod Deployment/gateway: terminationGracePeriodSeconds 30 is shorter than preStop 5 s + SHUTDOWN_DRAIN_MS 25 s + 5 s to close (35 s)',
        'k8s dev: SHUTDOWN_DRAIN_MS 25000 must be longer than SHUTDOWN_SPREAD_MS 30000 (the apps refuse to start otherwise)',
        'docker-compose.yml gateway: stop_grace_period 30s does not outlast SHUTDOWN_DRAIN_MS 40000',
      ]),
    );
  });

  it('network policies that let too much through', async () => {
    const problems = await problemsAfter((path) => {
      replaceIn(path('k8s/base/network-policies.yaml'), /apiVersion: networking.k8s.io\/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n[\s\S]*?---\n/, '');
      replaceIn(path('k8s/base/network-policies.yaml'), 'values: [web, session, gateway]', 'values: [web, session, gateway, matchmaking]');
      replaceIn(path('k8s/overlays/dev/redis.yaml'), /        - podSelector:\n            matchLabels:\n              app.kubernetes.io\/component: backend\n      ports:\n        - protocol: TCP\n          port: redis/, '        - podSelector: {}\n      ports:\n        - protocol: TCP\n          port: redis');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "k8s dev NetworkPolicies: an unlabelled pod of the namespace can reach the internet on TCP 443: an unlabelled pod of the namespace's egress lets it through",
        "k8s prod NetworkPolicies: the ingress controller can reach an unlabelled pod of the namespace on TCP 8080: an unlabelled pod of the namespace's ingress lets it through",
        "k8s prod NetworkPolicies: the ingress controller can reach matchmaking on TCP 3002: matchmaking's ingress lets it through",
        "k8s dev NetworkPolicies: web can reach redis on TCP 6379: redis's ingress lets it through",
      ]),
    );
  });

  it('a gateway HPA blind to sockets, and a prod image on a movable tag', async () => {
    const problems = await problemsAfter((path) => {
      replaceIn(path('k8s/base/gateway-scaling.yaml'), 'name: rendezvous_connected_sockets', 'name: rendezvous_sockets');
      replaceIn(path('k8s/base/gateway-scaling.yaml'), 'name: cpu', 'name: memory');
      replaceIn(path('k8s/overlays/prod/kustomization.yaml'), /    digest: sha256:0+\n/, '    newTag: latest\n');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'k8s dev HorizontalPodAutoscaler/gateway: scales on rendezvous_sockets, which no app exposes',
        'k8s/monitoring/prometheus-adapter-rules.yaml: no rule serves rendezvous_sockets, which the gateway HPA asks for',
        'k8s prod HorizontalPodAutoscaler/gateway: no CPU metric to fall back on',
        'k8s prod Deployment/session container session: image registry.example.com/rendezvous/server:latest is not pinned by digest (name@sha256:…)',
      ]),
    );
  });
});
