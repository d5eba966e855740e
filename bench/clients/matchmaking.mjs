/**
 * Matchmaking load: `guests` real sessions and sockets (spread over the gateways), then `match:join`
 * in waves of `waveSize` every `waveIntervalMs`, with interests when `interests` is set (zipf-interests.mjs).
 * Time to match = own join → own match:found.
 */
import { clientMain } from '../support/client-process.mjs';
import { round, summarize } from '../support/stats.mjs';
import { connectGuests, createSessions } from './lib/rendezvous.mjs';
import { zipfInterests } from './lib/zipf-interests.mjs';

clientMain(async ({ apiUrl, urls, guests, waveSize, waveIntervalMs, timeoutMs, interests }, api) => {
  const nextInterests = interests ? zipfInterests(interests) : () => [];
  const joins = Array.from({ length: guests }, () => {
    const tags = nextInterests();
    return tags.length > 0 ? { interests: tags } : {};
  });
  let t = Date.now();
  const tokens = await createSessions(apiUrl, guests);
  const sessionsMs = Date.now() - t;
  api.progress(`${guests} sessions in ${sessionsMs} ms`);
  t = Date.now();
  const sockets = await connectGuests(urls, tokens, 200);
  const connectMs = Date.now() - t;
  api.progress(`${guests} sockets connected in ${connectMs} ms`);

  const joinedAt = new Float64Array(guests);
  const foundAt = new Float64Array(guests);
  const pairIds = new Set();
  let found = 0;
  let errors = 0;
  let allFound;
  const done = new Promise((resolve) => (allFound = resolve));
  const expected = guests - (guests % 2);
  // With interests the last few wait out the fallback (nobody left shares a tag): the measured window ends at 99 %.
  const measuredUpTo = interests ? Math.ceil(expected * 0.99) : expected;
  let measured;
  sockets.forEach((socket, i) => {
    socket.on('match:found', (payload) => {
      if (foundAt[i]) return;
      foundAt[i] = performance.now();
      pairIds.add(payload.pairId);
      if (++found === measuredUpTo) measured = api.ask({ phase: 'joined' });
      if (found === expected) allFound();
    });
    socket.on('webrtc:error', () => errors++);
  });

  await api.ask({ phase: 'joining' });
  const started = performance.now();
  for (let wave = 0; wave * waveSize < guests; wave++) {
    const waveStart = performance.now();
    for (let i = wave * waveSize; i < Math.min(guests, (wave + 1) * waveSize); i++) {
      joinedAt[i] = performance.now();
      sockets[i].emit('match:join', joins[i]);
    }
    const wait = waveIntervalMs - (performance.now() - waveStart);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const joinsSentMs = performance.now() - started;
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  const lastFound = Math.max(...foundAt);
  // With interests, the last few wait out the fallback (nobody left shares a tag): the rate is read when 99 % are matched.
  const sortedFound = [...foundAt].filter(Boolean).sort((a, b) => a - b);
  const found99 = sortedFound[Math.max(0, measuredUpTo - 1)] ?? lastFound;
  await (measured ?? api.ask({ phase: 'joined' }));

  const times = [];
  for (let i = 0; i < guests; i++) if (foundAt[i]) times.push(foundAt[i] - joinedAt[i]);
  const matches = pairIds.size;
  const seconds = ((interests ? found99 : lastFound) - started) / 1000;
  const withInterests = joins.filter((join) => join.interests).length;
  for (const socket of sockets) socket.close();
  return {
    guests,
    gateways: urls.length,
    waveSize,
    waveIntervalMs,
    offeredJoinsPerSecond: round(guests / (joinsSentMs / 1000), 0),
    sessionsPerSecond: round(guests / (sessionsMs / 1000), 0),
    connectsPerSecond: round(guests / (connectMs / 1000), 0),
    matched: found,
    unmatched: guests - found,
    ...(interests ? { withInterests, secondsToAll: round((lastFound - started) / 1000, 2), measuredMatches: Math.round(measuredUpTo / 2) } : {}),
    matches,
    seconds: round(seconds, 2),
    matchesPerSecond: round((interests ? matches * 0.99 : matches) / seconds, 0),
    timeToMatchMs: summarize(times),
    errors,
  };
});
