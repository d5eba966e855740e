import { join } from 'node:path';
import { procUsage, ROOT, startProcess } from './procs.mjs';

/**
 * Runs a load client (bench/clients/<name>.mjs) in its own process, so its CPU is not the servers'.
 * The client gets `params` and answers with progress messages ({progress}) and one result ({result} or {error}).
 * `onMessage` sees every other message (the scenario steers phases with it: {phase} → reply with `send`).
 */
export function runClient(name, params, { onMessage, log = () => undefined } = {}) {
  const proc = startProcess(`client-${name}`, process.execPath, ['--max-old-space-size=4096', join(ROOT, 'bench', 'clients', `${name}.mjs`)], { ipc: true });
  const done = new Promise((resolve, reject) => {
    proc.child.on('message', async (message) => {
      if (message.progress) log(message.progress);
      else if (message.result) resolve(message.result);
      else if (message.error) reject(new Error(`client ${name}: ${message.error}`));
      else if (onMessage) {
        try {
          const reply = await onMessage(message, proc);
          if (reply !== undefined) proc.child.send(reply);
        } catch (error) {
          reject(error);
        }
      }
    });
    proc.exited.then((code) => reject(new Error(`client ${name} exited (${code}) before answering; see test-results/bench/client-${name}.log`)));
  });
  proc.child.send({ params });
  return {
    proc,
    usage: () => procUsage(proc.pid),
    result: done.finally(() => proc.stop()),
  };
}

/** Child side: waits for the params, runs `main(params, api)` and reports. */
export function clientMain(main) {
  const api = {
    progress: (text) => process.send({ progress: text }),
    /** Sends a message to the scenario and resolves with its reply. */
    ask: (message) =>
      new Promise((resolve) => {
        process.once('message', resolve);
        process.send(message);
      }),
  };
  process.once('message', async ({ params }) => {
    try {
      const result = await main(params, api);
      process.send({ result }, () => process.exit(0));
    } catch (error) {
      process.send({ error: error.stack ?? String(error) }, () => process.exit(1));
    }
  });
}
