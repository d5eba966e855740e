import type { LogFormat } from '@rendezvous/config';
import type pino from 'pino';
import { prettyFactory } from 'pino-pretty';
import { stdoutDestination } from './stdout-destination.js';

/** `auto` means readable lines for a person at a terminal, JSON for a log collector. */
export function resolveLogFormat(format: LogFormat, stdoutIsTerminal: boolean): 'pretty' | 'json' {
  return format === 'auto' ? (stdoutIsTerminal ? 'pretty' : 'json') : format;
}

/**
 * Where log lines go: stdout, asynchronously (stdoutDestination). `pretty` turns each JSON line into one readable
 * line first (pino-pretty's formatter, in process): time, level, app, `[context]`, message, then every other field
 * as JSON — the same information as the JSON line. The formatter is called directly rather than through
 * pino-pretty's stream, so a slow stdout still only drops lines past the buffer instead of queueing without bound.
 */
export function logDestination(format: LogFormat, stdoutIsTerminal = process.stdout.isTTY === true): pino.DestinationStream {
  const stdout = stdoutDestination();
  if (resolveLogFormat(format, stdoutIsTerminal) === 'json') return stdout;
  const pretty = prettyFactory({
    colorize: stdoutIsTerminal,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    messageFormat: '{app} {if context}[{context}] {end}{msg}',
    ignore: 'app,context',
  });
  return { write: (line: string) => stdout.write(pretty(line)) };
}
