import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ROOT } from './procs.mjs';

/** sha1 → name of the matchmaking and presence scripts (as they run by EVALSHA), from the build in dist/. */
export async function scriptNames() {
  const dist = (path) => import(join(ROOT, 'dist', 'libs', 'matchmaking', 'src', path));
  const queue = await dist('queue/redis-match.scripts.js');
  const presence = await dist('presence/redis-presence.scripts.js');
  const named = {
    'mm join': queue.JOIN_MANY_SCRIPT,
    'mm sweep': queue.SWEEP_SCRIPT,
    'mm leave': queue.LEAVE_SCRIPT,
    'mm end pair': queue.END_PAIR_SCRIPT,
    'mm avoid': queue.AVOID_SCRIPT,
    'presence heartbeat': presence.HEARTBEAT,
    'presence beats': presence.GATEWAY_BEATS,
    'presence attach': presence.ATTACH,
    'presence detach': presence.DETACH,
    'presence forget gateway': presence.FORGET_GATEWAY,
    'presence take grace': presence.TAKE_EXPIRED_GRACE,
  };
  return Object.fromEntries(Object.entries(named).map(([name, lua]) => [createHash('sha1').update(lua).digest('hex'), name]));
}
