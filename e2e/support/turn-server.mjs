/**
 * Debian's coturn (`turnserver`) on loopback, for the browser tests: the TURN REST API (use-auth-secret), so
 * it accepts exactly the credentials the app mints from the same secret, and refuses expired ones.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/cluster-support.mjs';

/** Relay ports of one run: a small range at a random place, so parallel runs on one machine rarely meet. */
const RELAY_PORTS = 40;

export async function startTurnServer({ secret, realm = 'rendezvous.test' }) {
  if (spawnSync('sh', ['-c', 'command -v turnserver'], { encoding: 'utf8' }).status !== 0) {
    throw new Error('turnserver is not installed: apt-get install -y coturn (.ci/run does)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'rendezvous-turn-'));
  const port = await freePort();
  const altPort = await freePort();
  const minPort = 40_000 + Math.floor(Math.random() * 20_000);
  const output = [];
  const child = spawn(
    'turnserver',
    [
      '-n', // no configuration file: everything is here
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      `--alt-listening-port=${altPort}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + RELAY_PORTS - 1}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      `--realm=${realm}`,
      '--fingerprint',
      // Both browsers of a test call are on loopback, so the relay's peers are too.
      '--allow-loopback-peers',
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      '--no-multicast-peers',
      `--db=${join(dir, 'turndb')}`,
      `--pidfile=${join(dir, 'turnserver.pid')}`,
      '--log-file=stdout',
      '--simple-log',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', (chunk) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk) => output.push(chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Ready once it listens (it logs its listener, and answers a TCP connect on the port).
  const deadline = Date.now() + 10_000;
  while (!output.join('').includes('Total General servers')) {
    if (child.exitCode !== null) throw new Error(`turnserver exited with ${child.exitCode}:\n${output.join('').slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`turnserver did not start within 10 s:\n${output.join('').slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    realm,
    logs: () => output.join(''),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
