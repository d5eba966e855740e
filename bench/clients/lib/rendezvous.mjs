import { io } from 'socket.io-client';

/** Runs `task(i)` for i < n with at most `concurrency` in flight. */
export async function pool(n, concurrency, task) {
  const results = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, worker));
  return results;
}

/** `n` guest sessions over REST (interests optional per guest); returns their tokens. */
export async function createSessions(apiUrl, n, interestsOf = () => undefined) {
  return pool(n, 32, async (i) => {
    const interests = interestsOf(i);
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${apiUrl}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(interests ? { interests } : {}),
      });
      if (response.status === 201 || response.status === 200) return (await response.json()).token;
      if (attempt >= 20) throw new Error(`POST /api/sessions → ${response.status} ${await response.text()}`);
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  });
}

/** One Socket.IO client (websocket only, no reconnection), resolved once connected. */
export function connectSocket(url, options) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000, ...options });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(new Error(`connect to ${url}: ${error.message}`));
    });
  });
}

/** Connects one socket per token; token i goes to urls[i % urls.length]. */
export function connectGuests(urls, tokens, concurrency = 100) {
  return pool(tokens.length, concurrency, (i) => connectSocket(urls[i % urls.length], { auth: { token: tokens[i] } }));
}

export function once(socket, event, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}
