import { describe, expect, it } from '@jest/globals';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const BUILT = join(process.cwd(), 'dist', 'libs', 'observability', 'src', 'logging', 'stdout-destination.js');

/**
 * A process logging through stdoutDestination while nobody reads its stdout: it logs `lines` lines of
 * ~200 bytes (far more than a pipe holds), then reports whether its event loop kept turning meanwhile.
 */
const CHILD = `
import pino from 'pino';
import { stdoutDestination } from ${JSON.stringify(BUILT)};
const [lines, maxBuffered] = process.argv.slice(-2).map(Number);
const logger = pino(stdoutDestination(maxBuffered || undefined));
let turns = 0;
const ticker = setInterval(() => turns++, 1);
const filler = 'x'.repeat(160);
for (let i = 0; i < lines; i++) {
  logger.info({ n: i }, filler);
  if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
}
await new Promise((resolve) => setTimeout(resolve, 50));
clearInterval(ticker);
process.send({ logged: lines, turns });
process.on('message', () => process.exit(0));
`;

function startLogger(lines: number, maxBuffered = 0): { child: ChildProcess; stdout: Buffer[]; stderr: Buffer[] } {
  const child = fork('--input-type=module', ['-e', CHILD, String(lines), String(maxBuffered)], {
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // the test reads nothing until the child says it is done: its pipe fills up
  child.stdout!.pause();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  return { child, stdout, stderr };
}

async function finish({ child, stdout }: { child: ChildProcess; stdout: Buffer[] }): Promise<number> {
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stdout!.resume();
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  child.send('exit');
  return exited;
}

const nextMessage = (child: ChildProcess) => new Promise<{ logged: number; turns: number }>((resolve) => child.once('message', resolve as never));
const lineCount = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean).length;

describe('stdoutDestination', () => {
  it('keeps the event loop running while stdout is not read, and writes every line once it is', async () => {
    const run = startLogger(10_000);
    const report = await nextMessage(run.child); // a blocking destination never gets here: it waits for the reader
    expect(report.logged).toBe(10_000);
    expect(report.turns).toBeGreaterThan(0);
    expect(await finish(run)).toBe(0);
    expect(lineCount(run.stdout)).toBe(10_000);
  }, 30_000);

  it('drops lines past its buffer instead of growing without bound, and says how many on stderr', async () => {
    const run = startLogger(10_000, 64 * 1024);
    await nextMessage(run.child);
    expect(await finish(run)).toBe(0);
    const written = lineCount(run.stdout);
    expect(written).toBeLessThan(10_000);
    const notice = Buffer.concat(run.stderr).toString('utf8');
    expect(notice).toContain(`stdout too slow: ${10_000 - written} log lines dropped`);
  }, 30_000);
});
