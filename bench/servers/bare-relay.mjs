/**
 * The floor of our stack: plain socket.io with @socket.io/redis-adapter, no auth, no validation.
 * A client joins the room named in its handshake query and every event it sends goes to that room.
 * PORT, REDIS_URL and REDIS_KEY_PREFIX come from the environment.
 */
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const pub = new Redis(process.env.REDIS_URL);
const sub = pub.duplicate();
const http = createServer((_, res) => res.end('ok'));
const io = new Server(http, {
  transports: ['websocket'],
  serveClient: false,
  maxHttpBufferSize: 64 * 1024,
  adapter: createAdapter(pub, sub, { key: `${process.env.REDIS_KEY_PREFIX ?? 'bare:'}socket.io` }),
});

io.on('connection', (socket) => {
  const room = String(socket.handshake.query.room ?? '');
  if (room) socket.join(room);
  socket.onAny((event, payload) => socket.to(room).emit(event, payload));
});

http.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`bare relay on ${process.env.PORT}`));
process.once('SIGTERM', () => {
  io.close();
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
});
