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
        'k8s prod HorizontalPodAutoscaler/gateway: data/spec/metrics/0/resource/target/averageUtilization must be integer',
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
