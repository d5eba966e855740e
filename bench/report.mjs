import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/procs.mjs';

const DOC = join(ROOT, 'docs', 'BENCHMARKS.md');
const JSON_FILE = join(ROOT, 'docs', 'benchmarks.json');
const NOTES = join(ROOT, 'bench', 'NOTES.md');

const pkgVersion = (name) => {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
};

export function collectEnvironment({ quick, note, redisVersion }) {
  const git = (command) => {
    try {
      return execSync(`git ${command}`, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  let chromium = null;
  try {
    chromium = execSync(`${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} --version`, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not installed: the browser scenario says so
  }
  return {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    note: note ?? null,
    commit: git('rev-parse --short HEAD'),
    dirty: Boolean(git("status --porcelain -- . ':!docs' ':!bench/NOTES.md'")),
    machine: { cpu: os.cpus()[0]?.model ?? '?', cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, loadAverageStart: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    versions: {
      node: process.version,
      redis: redisVersion,
      'socket.io': pkgVersion('socket.io'),
      '@socket.io/redis-adapter': pkgVersion('@socket.io/redis-adapter'),
      '@nestjs/core': pkgVersion('@nestjs/core'),
      peer: pkgVersion('peer'),
      'class-validator': pkgVersion('class-validator'),
      chromium,
    },
  };
}

/** The project's goals, each checked against the figures of this run (null = not measured). */
export function targets(results) {
  const { relay, matchmaking, memory, browser } = results;
  const r = relay?.ratios;
  const check = (name, value, ok, goal) => ({ name, goal, value, met: value === null || value === undefined ? null : ok(value) });
  const ours = memory?.rendezvous ?? memory;
  const perSocket = ours?.points?.length ? Math.max(...ours.points.map((p) => p.rssPerSocketKb)) : null;
  return [
    check('relay p99, ours / bare', r?.p99OursToBare, (v) => v <= 1.25, '≤ 1.25'),
    check('relay throughput, ours / bare', r?.throughputOursToBare, (v) => v >= 0.8, '≥ 0.8'),
    check('relay p99, ours / PeerJS', r?.p99OursToPeerjs, (v) => v < 1, '< 1'),
    check('relay throughput, ours / PeerJS', r?.throughputOursToPeerjs, (v) => v > 1, '> 1'),
    check('relay Redis µs per message, 4 / 2 gateways (sharded adapter)', relay?.gatewayScaling?.growth?.['redisUsPerMessage 4 / 2 gateways, redis-sharded'], (v) => v <= 1.2, '≤ 1.2 (flat)'),
    check('matches per second (saturated)', matchmaking?.matchesPerSecond, (v) => v >= 5000, '≥ 5,000'),
    check('matches per second (saturated, with interests)', matchmaking?.withInterests?.matchesPerSecond, (v) => v >= 5000, '≥ 5,000'),
    check('time to match p99, paced with interests (ms)', matchmaking?.withInterests?.paced?.timeToMatchMs?.p99, (v) => v <= 25, '≤ 25'),
    check('Redis commands per match (saturated)', matchmaking?.redisCommandsPerMatch, (v) => v <= 15, '≤ 15'),
    check('Redis commands per match (saturated, with interests)', matchmaking?.withInterests?.redisCommandsPerMatch, (v) => v <= 15, '≤ 15'),
    check('CPU-ms per match, servers + Redis (saturated)', matchmaking?.serverCpuMsPerMatch, (v) => v <= 0.35, '≤ 0.35'),
    check('longest script run with 20,000 guests queued (ms of Redis CPU)', matchmaking?.deepQueue?.longestScriptCpuMs, (v) => v <= 5, '≤ 5'),
    check('longest script run with 20,000 guests queued (ms of wall time, SLOWLOG)', matchmaking?.deepQueue?.longestScriptMs, (v) => v <= 5, '≤ 5'),
    check('memory per idle socket (KB RSS)', perSocket, (v) => v <= 30, '≤ 30'),
    check('Start → first remote frame p50 (ms)', browser?.p50Ms, (v) => v <= 1500, '≤ 1,500'),
    check('first load: initial JS transferred (KB, Slow 4G)', browser?.firstLoad?.initialJsKb, (v) => v <= 90, '≤ 90'),
  ];
}

const mark = (met) => (met === null ? '—' : met ? 'met' : '**missed**');
const fmt = (v) => (v === null || v === undefined ? '—' : typeof v === 'number' ? v.toLocaleString('en-US') : String(v));
const row = (cells) => `| ${cells.map(fmt).join(' | ')} |`;

function relaySection(relay) {
  const names = ['bare', 'rendezvous', 'peerjs', 'embedded'].filter((n) => relay[n]);
  const lines = [
    row(["system", "processes", "p50 ms", "p95 ms", "p99 ms", "max ms", "msg/s", "server CPU %", "Redis CPU %", "client CPU %", "CPU-ms / 1k msgs", "Redis cmds / msg", "burst ms", "errors", "pairs not ready / disconnects"]),
    row(Array(15).fill('---')),
  ];
  for (const n of names) {
    const x = relay[n];
    lines.push(row([x.title ?? n, x.processes, x.latencyMs.p50, x.latencyMs.p95, x.latencyMs.p99, x.latencyMs.max, x.messagesPerSecond, x.serverCpuPercent, x.redisCpuPercent, x.clientCpuPercent, x.serverCpuMsPer1kMessages, x.redisCommandsPerMessage, x.burstMs, x.errors, `${x.burstIncompletePairs ?? 0} / ${x.disconnects ?? 0}`]));
  }
  if (relay.ratios) lines.push('', row(['ratio', 'value']), row(['---', '---']), ...Object.entries(relay.ratios).map(([k, v]) => row([k, v])));
  if (relay.gatewayScaling) lines.push('', gatewayScalingSection(relay.gatewayScaling));
  return lines.join('\n');
}

/** Our stack through 2 and 4 gateways, with each adapter: Redis per relayed message should not grow with the gateways. */
function gatewayScalingSection({ growth, ...runs }) {
  const lines = [
    '**Through more gateways** (the pairs spread over all of them; Redis CPU from the redis-server process):',
    '',
    row(['stack', 'p50 ms', 'p99 ms', 'msg/s', 'Redis µs / msg', 'Redis cmds / msg', 'Redis CPU %', 'CPU-ms / 1k msgs (servers + Redis)']),
    row(Array(8).fill('---')),
  ];
  for (const x of Object.values(runs)) lines.push(row([x.title, x.latencyMs.p50, x.latencyMs.p99, x.messagesPerSecond, x.redisUsPerMessage, x.redisCommandsPerMessage, x.redisCpuPercent, x.serverCpuMsPer1kMessages]));
  if (growth) lines.push('', table(growth));
  return lines.join('\n');
}

function memorySection(memory) {
  const systems = [['rendezvous', 'Rendezvous gateway (authenticated guests)'], ['bare', 'bare socket.io + redis adapter (anonymous)']].filter(([k]) => memory[k]);
  const lines = [row(['server', 'sockets', 'RSS MB', 'RSS KB / socket', 'heap KB / socket', 'idle CPU % (one core)']), row(Array(6).fill('---'))];
  for (const [key, title] of systems) {
    const m = memory[key];
    lines.push(row([title, 0, m.baselineRssMb, '', '', '']));
    for (const p of m.points) lines.push(row([title, p.sockets, p.rssMb, p.rssPerSocketKb, p.heapPerSocketKb, p.sockets === m.idle?.sockets ? m.idle.cpuPercent : '']));
  }
  if (memory.ratios) lines.push('', table(memory.ratios));
  return lines.join('\n');
}

function browserSection(browser) {
  const { samples = [], steps = [], measuredAt, firstLoad, ...summary } = browser;
  const lines = [];
  if (firstLoad) {
    lines.push(`**First load** (fresh context, empty cache; JS = compressed bytes on the wire until Start is enabled; times from navigation start; a repeat visit in the same context takes the hashed files from the cache):`, '', table(firstLoad), '');
    lines.push('**Start → first remote frame:**', '');
  }
  lines.push(table(summary), '');
  if (steps.length) {
    // When each step happened, p50 over the pairs, in ms after both had clicked Start (older reports have no steps).
    lines.push(row(['step', 'p50 ms after Start', 'since the step before']), row(['---', '---', '---']));
    steps.forEach((s, i) => lines.push(row([s.step, s.p50Ms, i && s.p50Ms !== null && steps[i - 1].p50Ms !== null ? s.p50Ms - steps[i - 1].p50Ms : ''])));
    lines.push('');
  }
  lines.push(row(['pair', 'both matched ms', 'call accepted ms', 'caller first frame ms', 'callee first frame ms', 'pair (later) ms', 'harness clicks ms']), row(Array(7).fill('---')));
  samples.forEach((x, i) => lines.push(row([i + 1, x.matchedMs, x.acceptedMs, x.callerFrameMs, x.calleeFrameMs, x.pairMs, x.harnessReactionMs ?? ''])));
  return lines.join('\n');
}

/** The saturated runs and the paced ones side by side, without and with interests; then the deep queue. */
function matchmakingSection(matchmaking) {
  const { paced, withInterests, deepQueue, measuredAt, ...saturated } = matchmaking;
  const cell = (v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : v);
  const { paced: interestsPaced, ...interestsSaturated } = withInterests ?? {};
  const columns = [
    ['as fast as the waves go', saturated],
    ['paced (below saturation)', paced],
    ['with interests, as fast as the waves go', withInterests && interestsSaturated],
    ['with interests, paced', interestsPaced],
  ].filter(([, run]) => run);
  const keys = [...new Set(columns.flatMap(([, run]) => Object.keys(run)))];
  const lines = [row(['figure', ...columns.map(([title]) => title)]), row(Array(columns.length + 1).fill('---'))];
  for (const key of keys) lines.push(row([key, ...columns.map(([, run]) => cell(run[key]))]));
  if (deepQueue) lines.push('', '**The scripts with a deep queue** (deep-queue.mjs):', '', table(deepQueue));
  return lines.join('\n');
}

function table(object) {
  return [row(['figure', 'value']), row(['---', '---']), ...Object.entries(object).map(([k, v]) => row([k, typeof v === 'object' && v !== null ? JSON.stringify(v) : v]))].join('\n');
}

export function writeReport({ environment, plan, results, failures }) {
  const previous = existsSync(JSON_FILE) ? JSON.parse(readFileSync(JSON_FILE, 'utf8')) : null;
  const stamped = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { ...v, measuredAt: environment.date }]));
  // A run of some scenarios (--only) keeps the others' figures from the previous report, with their own date.
  const merged = { ...(previous?.results ?? {}), ...stamped };
  // ... and the sizes they were measured at, and when (the conditions table below is this run's)
  const mergedPlan = { ...(previous?.plan ?? {}), ...Object.fromEntries(Object.keys(results).map((k) => [k, plan[k]])) };
  const thisRun = Object.keys(merged).filter((k) => merged[k].measuredAt === environment.date);
  const earlier = Object.keys(merged).filter((k) => !thisRun.includes(k));
  const data = { environment, plan: mergedPlan, results: merged, failures, targets: targets(merged) };
  plan = mergedPlan;
  writeFileSync(JSON_FILE, `${JSON.stringify(data, null, 2)}\n`);
  const e = environment;
  const md = [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (bench/run.mjs); the raw figures are in [benchmarks.json](benchmarks.json). Loopback only;',
    'servers and load clients run as separate processes. Compare within one run, as ratios: absolute numbers depend on the machine.',
    '',
    '## Conditions',
    '',
    table({
      date: e.date,
      mode: e.mode,
      note: e.note,
      commit: `${e.commit}${e.dirty ? ' (with uncommitted changes)' : ''}`,
      machine: `${e.machine.cpu}, ${e.machine.cores} cores, ${e.machine.memoryGb} GB, ${e.machine.os}`,
      'load average at start / end (1, 5, 15 min)': `${e.machine.loadAverageStart.join(', ')} / ${e.loadAverageEnd?.join(', ')}`,
      ...Object.fromEntries(Object.entries(e.versions).map(([k, v]) => [`version: ${k}`, v])),
      'run time (s)': e.durationSeconds,
      ...(earlier.length ? { 'measured in this run': thisRun.join(', ') || 'nothing', 'kept from earlier runs (dates in their sections)': earlier.join(', ') } : {}),
    }),
    '',
    '## Targets',
    '',
    row(['goal', 'target', 'this run', 'status']),
    row(['---', '---', '---', '---']),
    ...data.targets.map((t) => row([t.name, t.goal, t.value, mark(t.met)])),
    '',
    ...(Object.keys(failures).length ? ['## Failed scenarios', '', ...Object.entries(failures).map(([k, v]) => `- ${k}: ${v}`), ''] : []),
    '## 1. Signaling relay',
    '',
    merged.relay ? `${plan.relay ? `${plan.relay.pairs} pairs (${plan.relay.pairs * 2} sockets); offer/answer + ${plan.relay.candidates} candidates each way per pair (the burst), then ping-pong of one candidate-sized message per pair, ${plan.relay.rounds} interleaved rounds × ${plan.relay.roundMs / 1000} s per system. Latency is one-way (sender and receiver are in the same client process). Measured ${merged.relay.measuredAt}.` : ''}\n\n${relaySection(merged.relay)}` : '_not run_',
    '',
    '## 2. Matchmaking',
    '',
    merged.matchmaking ? `Measured ${merged.matchmaking.measuredAt}. Redis is measured on the bench's own redis-server from the first join to the last match: commands with INFO commandstats (commands run inside Lua scripts count too), \`redisUsPerMatch\` its CPU time (INFO cpu), \`scriptUsPerMatch\` the time in scripts (commandstats of EVALSHA: the join scripts, and the rate-limit and session-mirror scripts too), the longest script run with SLOWLOG. The same stack runs the load four times: waves as fast as they go (the throughput; time to match is then mostly time in the queue), then paced below saturation (the time to match when the service keeps up), both again with interests (60 % of the guests with 1–3 of 30 tags, Zipf-distributed; the default 5-s fallback, so with interests the rate is read when 99 % are matched). Then the matchmaking scripts alone, run through RedisMatchQueue with 20,000 guests waiting who may not be paired with each other: joins that pair, sweeps with every guest with interests past its fallback, and the whole gateway dropped as dead.\n\n${matchmakingSection(merged.matchmaking)}` : '_not run_',
    '',
    '## 3. Idle connections',
    '',
    merged.memory ? `One gateway; a full GC (DevTools protocol) and a settle before each reading; per socket = (RSS at N − RSS at 0) / N. Measured ${merged.memory.measuredAt}.\n\n${merged.memory.rendezvous ? memorySection(merged.memory) : table(withoutDate(merged.memory))}` : '_not run_',
    '',
    '## 4. Browser: Start → first remote video frame',
    '',
    merged.browser ? `Embedded server, headless Chromium with a fake camera; both pages click Start, then Video call and Accept are clicked as soon as they appear. From the later Start click to the later page's first remote frame on screen, both read from the pages' clocks (click event time, requestVideoFrameCallback); "harness clicks" is how long Playwright took to click once the button was there (included in the figures). Measured ${merged.browser.measuredAt}.\n\n${browserSection(merged.browser)}` : '_not run_',
    '',
    existsSync(NOTES) ? readFileSync(NOTES, 'utf8').trim() : '',
    '',
  ].join('\n');
  writeFileSync(DOC, md);
  return [DOC, JSON_FILE].map((f) => f.slice(ROOT.length + 1));
}

/** `node bench/report.mjs` rewrites docs/BENCHMARKS.md from docs/benchmarks.json (e.g. after editing bench/NOTES.md). */
if (import.meta.url === `file://${process.argv[1]}`) {
  const data = JSON.parse(readFileSync(JSON_FILE, 'utf8'));
  writeReport({ environment: data.environment, plan: data.plan, results: {}, failures: data.failures });
  console.log(`rewrote ${DOC.slice(ROOT.length + 1)}`);
}

function withoutDate(object) {
  const { measuredAt, ...rest } = object;
  return rest;
}

/** The run's last line: the ratios and headline figures on one line. */
export function summaryLine(results, failures) {
  const r = results.relay?.ratios;
  const parts = [];
  if (r) parts.push(`relay ours/bare p99 ${r.p99OursToBare}× msg/s ${r.throughputOursToBare}×`, `ours/PeerJS p99 ${r.p99OursToPeerjs}× msg/s ${r.throughputOursToPeerjs}×`, `embedded/PeerJS p99 ${r.p99EmbeddedToPeerjs}× msg/s ${r.throughputEmbeddedToPeerjs}×`);
  const mm = results.matchmaking;
  if (mm) {
    parts.push(`${mm.matchesPerSecond} matches/s p99 ${mm.timeToMatchMs.p99} ms${mm.paced ? ` (paced ${mm.paced.offeredJoinsPerSecond} joins/s: p99 ${mm.paced.timeToMatchMs.p99} ms)` : ''}, ${mm.redisCommandsPerMatch} Redis cmds and ${mm.serverCpuMsPerMatch} CPU-ms per match`);
    if (mm.withInterests) parts.push(`with interests ${mm.withInterests.matchesPerSecond} matches/s${mm.withInterests.paced ? ` (paced p99 ${mm.withInterests.paced.timeToMatchMs.p99} ms)` : ''}, ${mm.withInterests.redisCommandsPerMatch} Redis cmds per match`);
    if (mm.deepQueue) parts.push(`longest script with ${mm.deepQueue.queued} queued ${mm.deepQueue.longestScriptCpuMs} ms of Redis CPU (${mm.deepQueue.longestScriptMs} ms wall)`);
  }
  const memory = results.memory?.rendezvous;
  if (memory?.points?.length) parts.push(`${memory.points.at(-1).rssPerSocketKb} KB/socket (bare socket.io ${results.memory.bare?.points.at(-1)?.rssPerSocketKb})`);
  if (results.browser) parts.push(`Start→frame p50 ${results.browser.p50Ms} ms`);
  if (results.browser?.firstLoad) parts.push(`first load ${results.browser.firstLoad.initialJsKb} KB JS, Start enabled ${results.browser.firstLoad.startEnabledP50Ms} ms (Slow 4G, 4× CPU)`);
  const failed = Object.keys(failures);
  return `bench summary: ${parts.join(' | ') || 'nothing measured'}${failed.length ? ` | FAILED: ${failed.join(', ')}` : ''}`;
}
