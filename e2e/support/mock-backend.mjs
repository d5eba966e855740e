/**
 * A stand-in for the embedded backend, for developing the web app before (or without) the
 * real one: the wire protocol of libs/contracts, in memory, in one file. Not the product.
 * `node e2e/support/mock-backend.mjs` (PORT, CALL_TIMEOUT_MS) or `E2E_BACKEND=mock npm run test:e2e`.
 */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { Server } from 'socket.io';

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.ico': 'image/x-icon' };

export function startMockBackend({ port = 0, callTimeoutMs = 30_000, tokenTtlSeconds = 7200, staticDir = 'dist/web/browser' } = {}) {
  const sessions = new Map(); // token -> guest
  const byGuest = new Map(); // guestId -> { guest, socket, partner, searching, callTimer }
  const queue = [];

  const newSession = (deviceId) => {
    const guest = { id: randomUUID(), username: `Guest${Math.floor(Math.random() * 9000 + 1000)}`, deviceId };
    const token = randomUUID();
    sessions.set(token, guest);
    return { token, expiresIn: tokenTtlSeconds, guest };
  };
  const bearer = (req) => sessions.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const readBody = (req) =>
    new Promise((resolve) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        try {
          resolve(raw ? JSON.parse(raw) : {});
        } catch {
          resolve({});
        }
      });
    });

  const http = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/health/live') return json(res, 200, { status: 'ok' });
    if (url.pathname === '/api/sessions' && req.method === 'POST') return json(res, 201, newSession((await readBody(req)).deviceId));
    if (url.pathname === '/api/sessions/refresh' && req.method === 'POST') {
      const guest = bearer(req);
      if (!guest) return json(res, 401, { message: 'Unauthorized' });
      const token = randomUUID();
      sessions.set(token, guest);
      return json(res, 201, { token, expiresIn: tokenTtlSeconds, guest });
    }
    if (url.pathname === '/api/sessions/me') return bearer(req) ? json(res, 200, bearer(req)) : json(res, 401, { message: 'Unauthorized' });
    if (url.pathname === '/api/config/ice') return bearer(req) ? json(res, 200, { iceServers: [] }) : json(res, 401, {});
    if (url.pathname.startsWith('/api/')) return json(res, 404, { message: 'Not found' });
    const file = normalize(url.pathname === '/' ? '/index.html' : url.pathname).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(staticDir, file));
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      const body = await readFile(join(staticDir, 'index.html'));
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(body);
    }
  });

  const io = new Server(http, { path: '/socket.io', transports: ['websocket'] });
  io.use((socket, next) => {
    const guest = sessions.get(socket.handshake.auth?.token);
    if (!guest) return next(new Error('Unauthorized'));
    socket.data.guest = guest;
    next();
  });

  const stats = () => io.emit('presence:stats', { online: byGuest.size, searching: queue.length });
  const dequeue = (id) => {
    const i = queue.indexOf(id);
    if (i >= 0) queue.splice(i, 1);
  };
  const clearCall = (entry) => {
    if (entry?.callTimer) clearTimeout(entry.callTimer);
    if (entry) entry.callTimer = null;
  };
  const unpair = (entry, reasonSelf, reasonPartner) => {
    const partner = entry.partner && byGuest.get(entry.partner);
    clearCall(entry);
    clearCall(partner);
    entry.partner = null;
    if (reasonSelf) entry.socket.emit('match:ended', { reason: reasonSelf });
    if (partner) {
      partner.partner = null;
      partner.socket.emit('match:ended', { reason: reasonPartner });
    }
  };
  const tryMatch = () => {
    while (queue.length >= 2) {
      const a = byGuest.get(queue.shift());
      const b = byGuest.get(queue.shift());
      a.partner = b.guest.id;
      b.partner = a.guest.id;
      const pairId = randomUUID();
      a.socket.emit('match:found', { partner: { id: b.guest.id, username: b.guest.username }, initiator: true, pairId });
      b.socket.emit('match:found', { partner: { id: a.guest.id, username: a.guest.username }, initiator: false, pairId });
    }
    stats();
  };

  io.on('connection', (socket) => {
    const guest = socket.data.guest;
    const entry = { guest, socket, partner: null, callTimer: null };
    byGuest.set(guest.id, entry);
    stats();
    const partnerOf = () => entry.partner && byGuest.get(entry.partner);
    const relay = (event, payload = {}) => {
      const partner = partnerOf();
      if (!partner) return socket.emit('webrtc:error', { code: 'NOT_CONNECTED', message: 'Not connected to a partner', event });
      partner.socket.emit(event, { ...payload, from: guest.id, fromUsername: guest.username });
      return partner;
    };
    socket.on('match:join', () => {
      if (entry.partner) return;
      if (!queue.includes(guest.id)) queue.push(guest.id);
      socket.emit('match:searching', {});
      tryMatch();
    });
    socket.on('match:leave', () => {
      dequeue(guest.id);
      if (entry.partner) unpair(entry, 'left', 'partner-left');
      stats();
    });
    socket.on('match:next', () => {
      if (entry.partner) unpair(entry, 'next', 'partner-next');
      if (!queue.includes(guest.id)) queue.push(guest.id);
      socket.emit('match:searching', {});
      tryMatch();
    });
    socket.on('chat:message', ({ text } = {}) => relay('chat:message', { text, id: randomUUID(), timestamp: Date.now() }));
    socket.on('chat:typing', ({ typing } = {}) => relay('chat:typing', { typing }));
    socket.on('webrtc:offer', (p = {}) => {
      const partner = relay('webrtc:offer', { offer: p.offer, type: p.type, callId: p.callId });
      if (!partner || entry.callTimer || partner.callTimer) return;
      entry.callTimer = setTimeout(() => {
        entry.callTimer = null;
        socket.emit('webrtc:call-timeout', { from: partner.guest.id, fromUsername: partner.guest.username });
        partner.socket.emit('webrtc:call-timeout', { from: guest.id, fromUsername: guest.username });
      }, callTimeoutMs);
    });
    socket.on('webrtc:answer', (p = {}) => {
      clearCall(partnerOf());
      relay('webrtc:answer', { answer: p.answer, callId: p.callId });
    });
    socket.on('webrtc:ice-candidate', (p = {}) => relay('webrtc:ice-candidate', { candidate: p.candidate }));
    for (const event of ['webrtc:call-end', 'webrtc:call-reject']) {
      socket.on(event, () => {
        clearCall(entry);
        clearCall(partnerOf());
        relay(event);
      });
    }
    socket.on('session:token', ({ token } = {}) => sessions.get(token) === guest || socket.emit('webrtc:error', { code: 'UNAUTHORIZED', message: 'Bad token' }));
    socket.on('disconnect', () => {
      dequeue(guest.id);
      if (entry.partner) unpair(entry, null, 'partner-disconnected');
      byGuest.delete(guest.id);
      stats();
    });
  });

  return new Promise((resolve) => {
    http.listen(port, '127.0.0.1', () => {
      resolve({ port: http.address().port, close: () => new Promise((done) => io.close(() => done())) });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startMockBackend({ port: Number(process.env.PORT ?? 3000), callTimeoutMs: Number(process.env.CALL_TIMEOUT_MS ?? 30_000) });
  console.log(`mock backend on http://127.0.0.1:${server.port}`);
}
