/**
 * Benchmarks, side by side, on loopback only; every loop is bounded and everything stops by itself.
 *
 *   npm run bench                       full run (~6-10 min on 2 cores): writes docs/BENCHMARKS.md and docs/benchmarks.json
 *   npm run bench -- --quick            smaller counts, under 5 minutes; same files
 *   npm run bench -- --only=relay,memory   some scenarios (relay, matchmaking, memory, browser)
 *   npm run bench -- --no-build         use dist/ as it is
 *   npm run bench -- --note="quiet machine"   a line about the conditions, into the report
 *   BENCH_CPU_PROF=1 npm run bench ...   every server process writes a .cpuprofile to test-results/bench/profiles/
 *   BENCH_CPU_PROF=phase npm run bench ...   the matchmaking scenario profiles only its join phase (<process>.joins.cpuprofile)
 *                                        (summarise one with: node bench/profile-top.mjs <file>)
 *   CHROMIUM_PATH=/usr/bin/chromium     the browser for scenario 4
 * Servers and load clients are separate processes; their logs go to test-results/bench/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { browserScenario } from './scenarios/browser.mjs';
import { matchmakingScenario } from './scenarios/matchmaking.mjs';
import { memoryScenario } from './scenarios/memory.mjs';
import { relayGatewayScaling, relayScenario } from './scenarios/relay.mjs';
import { LOG_DIR, ROOT } from './support/procs.mjs';
import { startRedis } from './support/redis-server.mjs';
import { collectEnvironment, summaryLine, writeReport } from './report.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
const quick = flag('quick');
const only = option('only')?.split(',') ?? ['relay', 'matchmaking', 'memory', 'browser'];

/** The two sizes of the run; the full one is the issue's. */
const PLAN = quick
  ? {
      relay: { pairs: 150, candidates: 20, rounds: 2, roundMs: 3_000, gatewayScaling: { pairs: 150, candidates: 20, rounds: 1, roundMs: 3_000, gateways: [2, 4] } },
      matchmaking: { guests: 1_000, waveSize: 250, waveIntervalMs: 100, paced: { waveSize: 100, waveIntervalMs: 50 }, deepQueue: { queued: 20_000, joins: 2_000, sweeps: 20 } },
      memory: { steps: [500, 1_000], idleMs: 5_000 },
      browser: { pairs: 2, firstLoads: 2 },
    }
  : {
      relay: { pairs: 500, candidates: 20, rounds: 3, roundMs: 10_000, gatewayScaling: { pairs: 500, candidates: 20, rounds: 2, roundMs: 10_000, gateways: [2, 4] } },
      matchmaking: { guests: 10_000, waveSize: 1_000, waveIntervalMs: 100, paced: { waveSize: 100, waveIntervalMs: 50 }, deepQueue: { queued: 20_000, joins: 5_000, sweeps: 50 } },
      memory: { steps: [5_000, 10_000], idleMs: 15_000 },
      browser: { pairs: 5, firstLoads: 5 },
    };

const log = (line) => console.log(line);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function build() {
  const run = (script) => {
    log(`$ npm run ${script}`);
    const result = spawnSync('npm', ['run', script, '--silent'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm run ${script} failed`);
  };
  run('build');
  const webIndex = join(ROOT, 'dist', 'web', 'browser', 'index.html');
  if (only.includes('browser') && (!existsSync(webIndex) || newestMtime(join(ROOT, 'apps', 'web', 'src')) > statSync(webIndex).mtimeMs)) run('build:web');
}

async function main() {
  const started = Date.now();
  if (!flag('no-build')) build();
  rmSync(LOG_DIR, { recursive: true, force: true });
  const redis = await startRedis();
  const environment = collectEnvironment({ quick, note: option('note'), redisVersion: redis.version });
  const results = {};
  const failures = {};
  const attempt = async (name, scenario) => {
    if (!only.includes(name)) return;
    try {
      results[name] = await scenario();
    } catch (error) {
      failures[name] = error.message;
      log(`✗ ${name} failed: ${error.stack ?? error}`);
    }
  };
  try {
    await attempt('relay', async () => {
      const { gatewayScaling, ...plan } = PLAN.relay;
      const compared = await relayScenario({ redis, ...plan, log });
      return { ...compared, gatewayScaling: await relayGatewayScaling({ redis, ...gatewayScaling, log }) };
    });
    await attempt('matchmaking', () => matchmakingScenario({ redis, ...PLAN.matchmaking, log }));
    await attempt('memory', () => memoryScenario({ redis, ...PLAN.memory, log }));
    await attempt('browser', () => browserScenario({ ...PLAN.browser, chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', log }));
  } finally {
    await redis.stop();
  }
  environment.durationSeconds = Math.round((Date.now() - started) / 1000);
  environment.loadAverageEnd = (await import('node:os')).loadavg().map((n) => Math.round(n * 100) / 100);
  const files = writeReport({ environment, plan: PLAN, results, failures });
  log(`wrote ${files.join(', ')} (${environment.durationSeconds} s)`);
  log(summaryLine(results, failures));
  process.exit(Object.keys(failures).length ? 1 : 0);
}

await main();
