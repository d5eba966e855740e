import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
};

export interface FrontDoorOptions {
  /** The built web app (dist/web/browser). */
  webRoot: string;
  /** The session service: `/api/*` goes there. */
  apiUrl: string;
  /** Gateways (`http://host:port`): websocket upgrades are balanced over them (change the list at will). */
  gatewayUrls: string[];
}

/**
 * A load balancer in one origin, the way a deployment puts nginx in front: the web app's files, `/api`
 * proxied to the session service, and every websocket upgrade piped as raw TCP to the next gateway in
 * round-robin order, skipping a gateway whose connect fails (a crashed one). Test support only.
 */
export class FrontDoor {
  private readonly server: Server;
  private readonly open = new Set<Socket>();
  private next = 0;
  url = '';

  private constructor(private readonly options: FrontDoorOptions) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => this.upgrade(req, client, head));
    this.server.on('connection', (socket: Socket) => this.track(socket));
  }

  static async start(options: FrontDoorOptions): Promise<FrontDoor> {
    const door = new FrontDoor(options);
    await new Promise<void>((resolve) => door.server.listen(0, '127.0.0.1', resolve));
    const address = door.server.address();
    door.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return door;
  }

  /** The gateways upgrades go to; edit it in place to add or drop one. */
  get gatewayUrls(): string[] {
    return this.options.gatewayUrls;
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/')) return this.proxyApi(req, res);
    if (path.startsWith('/socket.io')) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('websocket transport only');
      return;
    }
    const file = normalize(path === '/' ? '/index.html' : path).replace(/^(\.\.[/\\])+/, '');
    const body = await readFile(join(this.options.webRoot, file)).catch(() => null);
    if (body) {
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(body);
    } else {
      res.writeHead(200, { 'content-type': MIME['.html'] }).end(await readFile(join(this.options.webRoot, 'index.html')));
    }
  }

  private proxyApi(req: IncomingMessage, res: ServerResponse): void {
    const target = new URL(req.url ?? '/', this.options.apiUrl);
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('session service unreachable');
    });
    req.pipe(upstream);
  }

  /** Raw TCP to a gateway: the request head is replayed, then bytes flow both ways untouched. */
  private upgrade(req: IncomingMessage, client: Socket, head: Buffer, attempt = 0): void {
    const gateways = this.options.gatewayUrls;
    if (attempt >= gateways.length) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n');
      return;
    }
    const target = new URL(gateways[this.next++ % gateways.length]);
    const upstream = connect(Number(target.port), target.hostname);
    this.track(upstream);
    let connected = false;
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    if (attempt === 0) client.on('error', () => client.destroy());
    upstream.on('error', () => {
      if (connected) closeBoth();
      else this.upgrade(req, client, head, attempt + 1);
    });
    upstream.once('connect', () => {
      connected = true;
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
      upstream.once('close', closeBoth);
      client.once('close', closeBoth);
    });
  }
}
