/**
 * Summarises a V8 .cpuprofile (from `BENCH_CPU_PROF=1 npm run bench`, in test-results/bench/profiles/):
 * the functions with the most self time, and self time per package / project folder.
 *   node bench/profile-top.mjs test-results/bench/profiles/relay-gateway-1.cpuprofile [rows]
 */
import { readFileSync } from 'node:fs';

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-top.mjs <file.cpuprofile> [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const delta = profile.timeDeltas[i] ?? 0;
  dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + delta);
}
const total = [...dt.values()].reduce((a, b) => a + b, 0);
const fns = new Map();
const groups = new Map();
const groupOf = (url) => {
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 6).split('/').slice(0, 3).join('/');
  return url.startsWith('node:') ? url : url.split('/').slice(-2).join('/');
};
for (const [id, time] of dt) {
  const { callFrame } = byId.get(id);
  const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').slice(-2).join('/')}:${callFrame.lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + time);
  const group = groupOf(callFrame.url);
  groups.set(group, (groups.get(group) ?? 0) + time);
}
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [key, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((100 * time) / total).toFixed(1).padStart(5)}%  ${(time / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
show('self time by package / folder', groups);
show('self time by function', fns);
