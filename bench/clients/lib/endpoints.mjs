import WebSocket from 'ws';
import { connectSocket, createSessions, once, pool } from './rendezvous.mjs';

/**
 * The two ends of each pair for one system under test, behind one small interface:
 * `send(kind, payload)` with kind offer | answer | candidate, and `onMessage(handler(kind, payload))`.
 */
const SOCKET_EVENTS = { offer: 'webrtc:offer', answer: 'webrtc:answer', candidate: 'webrtc:ice-candidate' };
const PEERJS_TYPES = { offer: 'OFFER', answer: 'ANSWER', candidate: 'CANDIDATE' };
const PEERJS_KINDS = { OFFER: 'offer', ANSWER: 'answer', CANDIDATE: 'candidate' };

function socketEndpoint(socket) {
  return {
    send: (kind, payload) => socket.emit(SOCKET_EVENTS[kind], payload),
    onMessage(handler) {
      for (const [kind, event] of Object.entries(SOCKET_EVENTS)) socket.on(event, (payload) => handler(kind, payload));
    },
    onError: (handler) => socket.on('webrtc:error', handler),
    onClose: (handler) => socket.on('disconnect', handler),
    close: () => socket.close(),
  };
}

/** Our gateway(s): real guest sessions, paired by matchmaking (a unique interest per pair makes the pairs known). */
async function rendezvousPairs({ apiUrl, urls, pairs, progress }) {
  const tokens = await createSessions(apiUrl, pairs * 2);
  progress(`${tokens.length} sessions`);
  const result = [];
  await pool(pairs, 50, async (i) => {
    const [a, b] = await Promise.all([
      connectSocket(urls[0], { auth: { token: tokens[2 * i] } }),
      connectSocket(urls[1 % urls.length], { auth: { token: tokens[2 * i + 1] } }),
    ]);
    const found = Promise.all([once(a, 'match:found', 60_000), once(b, 'match:found', 60_000)]);
    const interests = [`bench-pair-${i}`];
    a.emit('match:join', { interests });
    b.emit('match:join', { interests });
    await found;
    result[i] = [socketEndpoint(a), socketEndpoint(b)];
  });
  return result;
}

/** The bare relay: the pair's room is named in the handshake. */
async function barePairs({ urls, pairs }) {
  return pool(pairs, 50, async (i) => {
    const query = { room: `pair-${i}` };
    const [a, b] = await Promise.all([connectSocket(urls[0], { query }), connectSocket(urls[1 % urls.length], { query })]);
    return [socketEndpoint(a), socketEndpoint(b)];
  });
}

function peerjsEndpoint(url, id, partnerId) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/peerjs?key=peerjs&id=${id}&token=t${id}`, { perMessageDeflate: false });
    const handlers = [];
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'OPEN') {
        const heartbeat = setInterval(() => ws.send('{"type":"HEARTBEAT"}'), 20_000);
        heartbeat.unref();
        ws.once('close', () => clearInterval(heartbeat));
        resolve({
          send: (kind, payload) => ws.send(JSON.stringify({ type: PEERJS_TYPES[kind], dst: partnerId, payload })),
          onMessage: (handler) => handlers.push(handler),
          onError: () => undefined,
          onClose: (handler) => ws.on('close', handler),
          close: () => ws.close(),
        });
      } else if (PEERJS_KINDS[message.type]) {
        for (const handler of handlers) handler(PEERJS_KINDS[message.type], message.payload);
      } else if (message.type === 'ERROR' || message.type === 'ID-TAKEN' || message.type === 'INVALID-KEY') {
        reject(new Error(`peerjs ${message.type}: ${JSON.stringify(message.payload)}`));
      }
    });
    ws.once('error', reject);
  });
}

/** PeerJS: each pair is two peer ids; the server relays OFFER/ANSWER/CANDIDATE to `dst`. */
async function peerjsPairs({ urls, pairs }) {
  return pool(pairs, 50, async (i) => Promise.all([peerjsEndpoint(urls[0], `a${i}`, `b${i}`), peerjsEndpoint(urls[0], `b${i}`, `a${i}`)]));
}

export function connectPairs(system, options) {
  if (system === 'rendezvous') return rendezvousPairs(options);
  if (system === 'bare') return barePairs(options);
  if (system === 'peerjs') return peerjsPairs(options);
  throw new Error(`unknown system ${system}`);
}
