// The newcomer's first command, proven: runs the README's run command (## Run) in a fresh process group on a free
// port, waits until `/` serves the app's HTML and its main script, then stops the whole group. `.ci/run` calls it
// before anything else builds, so a first run that serves nothing cannot pass CI. Node built-ins only: it runs
// before `npm ci`, which the README's command does itself (cluster-support.mjs needs none either).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './cluster-support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = Number(process.env.FIRST_RUN_TIMEOUT_MS ?? 600_000);

/** The first command of the first code block under `## Run`, without its trailing comment. */
export function readmeRunCommand(readme) {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Run\n'));
  const block = section?.match(/```[a-z]*\n([\s\S]*?)```/)?.[1];
  const command = block?.split('\n').find((line) => line.trim())?.replace(/\s+#.*$/, '').trim();
  if (!command) throw new Error('README.md has no command in a code block under "## Run"');
  return command;
}

/** What `/` must be: the app's HTML naming a hashed main script, and that script, both 200. */
async function servesTheApp(baseUrl) {
  const page = await fetch(`${baseUrl}/`, { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(5_000) });
  const html = await page.text();
  if (page.status !== 200 || !/^text\/html/.test(page.headers.get('content-type') ?? '')) return `/ answered ${page.status} ${page.headers.get('content-type')}: ${html.slice(0, 120)}`;
  const main = html.match(/<script src="(main-[\w]+\.js)"/)?.[1];
  if (!html.includes('<rdv-root') || !main) return `/ is not the web app: ${html.slice(0, 120)}`;
  const script = await fetch(`${baseUrl}/${main}`, { signal: AbortSignal.timeout(5_000) });
  const body = await script.arrayBuffer();
  if (script.status !== 200 || !/javascript/.test(script.headers.get('content-type') ?? '') || body.byteLength === 0) return `/${main} answered ${script.status} ${script.headers.get('content-type')}`;
  return { main, bytes: body.byteLength };
}

async function main() {
  const command = readmeRunCommand(readFileSync(resolve(ROOT, 'README.md'), 'utf8'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  console.log(`first run: PORT=${port} ${command}`);
  const started = Date.now();
  // detached: the command's own process group (npm, its shells, node), so stopping it stops all of it
  const child = spawn('bash', ['-c', command], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = (chunk) => output.push(chunk.toString()) > 400 && output.shift();
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.once('exit', (code, signal) => (exited = signal ?? code));
  // SIGTERM to the whole group (npm, its shells, the server), SIGKILL to whatever is left after 10 s; done when no
  // process of the group is left (the shell may exit before the server has drained).
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false; // ESRCH: nobody left in the group
    }
  };
  const stop = async () => {
    signalGroup('SIGTERM');
    const deadline = Date.now() + 10_000;
    while (signalGroup(0)) {
      if (Date.now() > deadline) signalGroup('SIGKILL');
      await new Promise((done) => setTimeout(done, 100));
    }
  };

  let last = 'nothing yet';
  try {
    while (Date.now() - started < TIMEOUT_MS) {
      if (exited !== null) throw new Error(`the command exited (${exited}) before serving the app`);
      const answer = await servesTheApp(baseUrl).catch((error) => String(error.cause?.code ?? error.message));
      if (typeof answer === 'object') {
        console.log(`first run: / serves the app and ${answer.main} (${answer.bytes} bytes) after ${Math.round((Date.now() - started) / 1000)} s`);
        return;
      }
      last = answer;
      await new Promise((done) => setTimeout(done, 1_000));
    }
    throw new Error(`no app at ${baseUrl}/ within ${TIMEOUT_MS / 1000} s (last: ${last})`);
  } catch (error) {
    console.error(`first run FAILED: ${error.message}\n--- output of the command (tail) ---\n${output.join('').split('\n').slice(-60).join('\n')}`);
    process.exitCode = 1;
  } finally {
    await stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
