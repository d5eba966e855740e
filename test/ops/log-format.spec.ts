import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { TEST_SETTINGS } from '../socket/topology.js';
import { DistributedCluster } from '../support/distributed-cluster.js';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ENTRY = join(ROOT, 'dist', 'apps', 'all-in-one', 'src', 'main.js');
const embedded = new DistributedCluster({ ...TEST_SETTINGS, LOG_LEVEL: 'info', WEB_DIST_PATH: '/nonexistent', REDIS_URL: '' });

afterAll(async () => {
  await embedded.stopAll();
});

interface JsonLine {
  level: number;
  time: number;
  msg: string;
  [field: string]: unknown;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const leaves = (value: unknown): string[] =>
  value !== null && typeof value === 'object' ? Object.values(value).flatMap(leaves) : [String(value)];

/** The embedded app with one LOG_FORMAT, asked one request with a known id; its stdout until that request is logged. */
async function linesOf(format: 'json' | 'pretty', requestId: string): Promise<{ port: number; lines: string[] }> {
  // No metrics listener: its log line names a port of its own per process, and the two runs must log the same lines.
  const app = await embedded.startApp('all-in-one', `log-${format}`, { LOG_FORMAT: format, GATEWAY_ID: 'gw-log-format', METRICS_PORT: '' });
  await fetch(`${app.url}/api/no-such-route?secret=query`, { headers: { 'x-request-id': requestId } });
  await eventually(async () => expect(app.output.join('')).toContain(requestId), 5_000, 50);
  await embedded.stop(app);
  return { port: app.port, lines: app.output.join('').split('\n').filter(Boolean) };
}

describe('LOG_FORMAT', () => {
  it('writes readable lines with pretty and JSON lines with json, carrying the same information', async () => {
    const [json, readable] = await Promise.all([linesOf('json', 'log-format-json'), linesOf('pretty', 'log-format-pretty')]);
    const parsed = json.lines.map((line) => JSON.parse(line) as JsonLine);
    // what differs between the two runs by nature: request ids (chosen here, or random), the port, the time taken
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
    const pretty = readable.lines.map((line) => line.replace('log-format-pretty', 'log-format-json').replaceAll(`:${readable.port}`, `:${json.port}`).replace(uuid, 'UUID'));
    for (const line of pretty) {
      expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL): all-in-one /);
      expect(line.startsWith('{')).toBe(false);
    }
    // line for line, the same level, context and message, and every field's value (the request id aside, which differs)
    expect(pretty).toHaveLength(parsed.length);
    parsed.forEach((entry, i) => {
      const { level, time, msg, app, context, responseTime, ...fields } = entry;
      expect(typeof time).toBe('number');
      const line = pretty[i]!;
      if (responseTime !== undefined) expect(line).toMatch(/"responseTime":\d+/);
      expect(line).toContain(`${LEVELS[level]}: ${app} ${context ? `[${String(context)}] ` : ''}${msg}`);
      for (const value of leaves(fields)) expect(line).toContain(value.replace(uuid, 'UUID'));
    });
    const request = parsed.find((entry) => (entry['req'] as { id?: string } | undefined)?.id === 'log-format-json');
    expect(request).toMatchObject({ req: { method: 'GET', path: '/api/no-such-route' }, res: { statusCode: 404 } });
    expect(pretty.join('\n')).not.toContain('secret=query');
  }, 30_000);

  it('is pretty by default when stdout is a terminal, JSON when it is a pipe', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, ...TEST_SETTINGS, LOG_LEVEL: 'info', WEB_DIST_PATH: '/nonexistent', REDIS_URL: '', PORT: String(port), HOST: '127.0.0.1' };
    delete env['LOG_FORMAT'];
    // util-linux `script` gives the app a pseudo-terminal as stdout
    const child = spawn('script', ['-qec', `exec ${process.execPath} ${ENTRY}`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await eventually(async () => expect(output).toContain('listening on'), 20_000, 100);
    } finally {
      child.kill('SIGTERM');
    }
    expect(output).toMatch(/INFO.*all-in-one.*\[AllInOne\].*listening on/);
    expect(output).not.toMatch(/^\{"level"/m);

    const piped = await embedded.startApp('all-in-one', 'log-piped', { GATEWAY_ID: 'gw-piped' });
    await embedded.stop(piped);
    expect(piped.output.join('')).toMatch(/^\{"level":30,.*"msg":"Rendezvous \(embedded\) listening on/m);
  }, 30_000);
});
