// A real Redis Cluster of the test's own: redis-server processes on free loopback ports in a temp dir, joined by
// `redis-cli --cluster create`. Used by jest's global setup (one cluster per run), the failover test and the e2e run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

const HOST = '127.0.0.1';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, check, timeoutMs, describe = () => '') {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`redis cluster: ${what} within ${timeoutMs} ms${describe()}`);
    await sleep(50);
  }
}

/** One node's view of a command, on a connection of its own that gives up at once. */
async function ask(port, ...command) {
  const client = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(...command);
  } finally {
    client.disconnect();
  }
}

const infoField = (info, name) => new RegExp(`^${name}:(.*)$`, 'm').exec(String(info))?.[1]?.trim();

/**
 * `masters` masters with `replicas` replicas each; `nodeTimeoutMs` is how long a silent master takes to be failed
 * over (small, so a failover test is quick). Every node has persistence off.
 */
export async function startRedisCluster({ masters = 3, replicas = 0, nodeTimeoutMs = 1_500 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rdv-redis-cluster-'));
  const nodes = [];
  const cluster = {
    nodes,
    dir,
    /** `host:port,...` of every node started, as REDIS_CLUSTER_NODES wants it. */
    get seeds() {
      return nodes.map((node) => `${HOST}:${node.port}`).join(',');
    },
    /** The port of the master that serves `key`'s slot now. */
    async masterOf(key) {
      const slot = Number(await ask(nodes.find((node) => node.alive).port, 'CLUSTER', 'KEYSLOT', key));
      for (const node of nodes.filter((n) => n.alive)) {
        const ranges = await ask(node.port, 'CLUSTER', 'SLOTS').catch(() => null);
        if (!ranges) continue;
        for (const [from, to, [, port]] of ranges) if (slot >= from && slot <= to) return Number(port);
      }
      throw new Error(`redis cluster: no node serves slot ${slot}`);
    },
    /** SIGKILL: the node and its connections are gone at once. */
    async kill(port) {
      const node = nodes.find((n) => n.port === port);
      if (!node?.alive) return;
      const exited = new Promise((resolve) => node.process.once('exit', resolve));
      node.process.kill('SIGKILL');
      await exited;
    },
    /** Until every live node sees every slot served (after a failover, too). */
    async waitUntilHealthy(timeoutMs = 20_000) {
      await waitFor(
        'not every node reports cluster_state:ok',
        async () => {
          for (const node of nodes.filter((n) => n.alive)) {
            const info = await ask(node.port, 'CLUSTER', 'INFO');
            if (infoField(info, 'cluster_state') !== 'ok' || infoField(info, 'cluster_slots_ok') !== '16384') return false;
          }
          return true;
        },
        timeoutMs,
        () => `\n${nodes.map((node) => `--- ${node.port}\n${node.output.slice(-10).join('')}`).join('\n')}`,
      );
    },
    async stop() {
      await Promise.all(nodes.map((node) => cluster.kill(node.port)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      const [port, busPort] = [await freePort(), await freePort()];
      const args = [
        '--port', String(port), '--cluster-port', String(busPort), '--bind', HOST,
        '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', String(nodeTimeoutMs),
        // a replica may take over without waiting for its data link to look fresh (it is a test, on loopback)
        '--cluster-replica-validity-factor', '0',
        '--save', '', '--appendonly', 'no', '--dir', dir,
      ];
      const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const node = { port, busPort, process: child, output: [], get alive() { return child.exitCode === null && child.signalCode === null; } };
      const keep = (chunk) => {
        node.output.push(chunk.toString());
        if (node.output.length > 200) node.output.splice(0, 100);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.once('error', (error) => node.output.push(String(error)));
      nodes.push(node);
    }
    for (const node of nodes) {
      await waitFor(`redis-server on ${node.port} did not answer`, async () => (await ask(node.port, 'PING')) === 'PONG', 10_000, () => `\n${node.output.join('')}`);
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.map((node) => `${HOST}:${node.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}\n${created.stderr}`);
    await cluster.waitUntilHealthy();
    if (replicas > 0) {
      await waitFor(
        'the replicas did not finish their first sync',
        async () => {
          for (const node of nodes) {
            const info = await ask(node.port, 'INFO', 'replication');
            if (infoField(info, 'role') === 'slave' && infoField(info, 'master_link_status') !== 'up') return false;
          }
          return true;
        },
        20_000,
      );
    }
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
