import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { type AllowRule, connectHost, isAllowed, parseAllowHosts, targetOf } from './allow-hosts.ts';

export interface AllowlistProxy {
  /** A unix socket speaking HTTP proxy (CONNECT and absolute-URL requests); bound into the sandbox. */
  socketPath: string;
  close(): Promise<void>;
}

const HOP_HEADERS = new Set(['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive']);

/**
 * The sandbox's only way out: a proxy on the host that forwards to the listed endpoints and answers
 * 403 to everything else. It listens on a unix socket in a private directory, so nothing on the
 * host's network can use it, and the sandbox reaches it only through the bind.
 */
export async function startAllowlistProxy(allowHosts: readonly string[]): Promise<AllowlistProxy> {
  const rules = parseAllowHosts(allowHosts);
  const dir = await mkdtemp(join(tmpdir(), 'codecot-proxy-'));
  const socketPath = join(dir, 'proxy.sock');
  const open = new Set<Duplex>();
  const track = (socket: Duplex) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = http.createServer((req, res) => forward(rules, req, res, track));
  server.on('connection', track);
  server.on('connect', (req: http.IncomingMessage, client: Duplex, head: Buffer) =>
    tunnel(rules, req, client, head, track),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    socketPath,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function tunnel(
  rules: ReadonlySet<AllowRule>,
  req: http.IncomingMessage,
  client: Duplex,
  head: Buffer,
  track: (socket: Duplex) => void,
): void {
  const target = targetOf('CONNECT', req.url ?? '');
  if (!target || !isAllowed(rules, target)) {
    client.end(
      'HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\nhost not in the sandbox allowlist\n',
    );
    return;
  }
  const upstream = net.connect(target.port, connectHost(target.host));
  track(upstream);
  upstream.once('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  upstream.once('connect', () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client).pipe(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
}

function forward(
  rules: ReadonlySet<AllowRule>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  track: (socket: Duplex) => void,
): void {
  const target = targetOf(req.method ?? 'GET', req.url ?? '');
  if (!target || !isAllowed(rules, target)) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('host not in the sandbox allowlist\n');
    return;
  }
  const url = new URL(req.url ?? '');
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_HEADERS.has(name)));
  const upstream = http.request(
    {
      host: connectHost(target.host),
      port: target.port,
      method: req.method,
      path: url.pathname + url.search,
      headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('socket', track);
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  });
  req.pipe(upstream);
}
