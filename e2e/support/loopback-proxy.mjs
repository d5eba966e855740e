/**
 * A browser guest as a client of its own network. Every browser of the suite runs on this machine and
 * would reach the server from 127.0.0.1, so the per-address limits (30 new sessions a minute, handshakes)
 * would count the whole suite as one person. Each guest's browser context instead goes through a small
 * HTTP proxy of its own that opens every connection from another loopback address (127.x.y.1; Linux routes
 * all of 127/8 to lo): to nginx and the apps, a real, different client — no header, no loosened limit.
 */
import { createServer, request } from 'node:http';
import { connect } from 'node:net';

let next = 0;

/** 127.201.0.1, 127.201.1.1, ...: a /24 of its own per guest (away from the 127.1-127.200 the jest suites use). */
function nextAddress() {
  const n = next++;
  return `127.${201 + (Math.floor(n / 256) % 50)}.${n % 256}.1`;
}

/** Starts a proxy on 127.0.0.1 whose outgoing connections leave from a fresh loopback address. */
export async function startLoopbackProxy() {
  const localAddress = nextAddress();
  const sockets = new Set();
  const track = (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  /** Where a request goes: the whole URL of the request line (proxy form), else its Host header. */
  const targetOf = (req) => {
    try {
      return new URL(req.url, `http://${req.headers.host ?? '127.0.0.1'}`);
    } catch {
      return null;
    }
  };
  const server = createServer((req, res) => {
    const target = targetOf(req);
    if (!target) return void res.writeHead(400).end();
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    const upstream = request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers, localAddress }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  // A websocket asked of the proxy itself (not through CONNECT): the same request, then bytes both ways.
  server.on('upgrade', (req, client, head) => {
    const target = targetOf(req);
    if (!target) return void client.destroy();
    const upstream = connect({ host: target.hostname, port: Number(target.port || 80), localAddress }, () => {
      const lines = [`${req.method} ${target.pathname}${target.search} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() !== 'proxy-connection') lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  // WebSockets (and anything else the browser tunnels): CONNECT host:port, then bytes both ways.
  server.on('connect', (req, client, head) => {
    const [host, port] = req.url.split(':');
    const upstream = connect({ host, port: Number(port), localAddress }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', track);
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    localAddress,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
