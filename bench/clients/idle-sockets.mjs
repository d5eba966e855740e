/**
 * Idle authenticated sockets on one gateway: opens them in steps (e.g. 5,000 then 10,000), stopping at each
 * step so the scenario can measure the gateway, then holds them idle while it measures CPU.
 */
import { clientMain } from '../support/client-process.mjs';
import { connectGuests, connectSocket, createSessions, pool } from './lib/rendezvous.mjs';

/** Without an API (the bare socket.io server), sockets connect anonymously, each into a room of its own. */
clientMain(async ({ apiUrl, url, steps }, api) => {
  const total = Math.max(...steps);
  let t = Date.now();
  const tokens = apiUrl ? await createSessions(apiUrl, total) : null;
  if (tokens) api.progress(`${total} sessions in ${Date.now() - t} ms`);
  const connect = (from, to) =>
    tokens
      ? connectGuests([url], tokens.slice(from, to), 200)
      : pool(to - from, 200, (i) => connectSocket(url, { query: { room: `idle-${from + i}` } }));
  await api.ask({ phase: 'step', sockets: 0 });
  const sockets = [];
  for (const step of [...steps].sort((a, b) => a - b)) {
    t = Date.now();
    sockets.push(...(await connect(sockets.length, step)));
    api.progress(`${sockets.length} sockets connected (+${Date.now() - t} ms)`);
    await api.ask({ phase: 'step', sockets: sockets.length });
  }
  let dropped = 0;
  for (const socket of sockets) socket.on('disconnect', () => dropped++);
  await api.ask({ phase: 'idle', sockets: sockets.length });
  const droppedWhileIdle = dropped;
  for (const socket of sockets) socket.close();
  return { sockets: sockets.length, droppedWhileIdle };
});
