import { join } from 'node:path';
import { freePort, ROOT, startProcess, stopAll, waitForHttp } from '../support/procs.mjs';
import { startDistributed, startEmbedded } from '../support/rendezvous-stack.mjs';

async function startScript(script, name, env) {
  const port = await freePort();
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'test-results', 'bench', 'profiles')}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const proc = startProcess(name, process.execPath, [...prof, join(ROOT, 'bench', 'servers', script)], { env: { PORT: String(port), ...env } });
  proc.url = `http://127.0.0.1:${port}`;
  await waitForHttp(proc, proc.url);
  return proc;
}

/** The systems the relay scenario compares; `client` is the protocol the load client speaks to it. */
export const RELAY_SYSTEMS = {
  bare: {
    title: 'bare relay (socket.io + redis adapter, 2 processes)',
    client: 'bare',
    usesRedis: true,
    async start(redis) {
      const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: `bare${Date.now()}:` };
      const procs = [await startScript('bare-relay.mjs', 'bare-1', env), await startScript('bare-relay.mjs', 'bare-2', env)];
      return { procs, gatewayUrls: procs.map((p) => p.url), stop: () => stopAll(procs) };
    },
  },
  rendezvous: {
    title: 'Rendezvous distributed (2 gateways + session + matchmaking + Redis)',
    client: 'rendezvous',
    usesRedis: true,
    start: (redis) => startDistributed(redis.url, { label: 'relay' }),
  },
  peerjs: {
    title: 'PeerJS server (`peer`, 1 process)',
    client: 'peerjs',
    usesRedis: false,
    async start() {
      const proc = await startScript('peerjs.mjs', 'peerjs', {});
      return { procs: [proc], gatewayUrls: [proc.url], stop: () => proc.stop() };
    },
  },
  embedded: {
    title: 'Rendezvous embedded (1 process, no Redis)',
    client: 'rendezvous',
    usesRedis: false,
    start: () => startEmbedded({ label: 'relay-embedded' }),
  },
};
