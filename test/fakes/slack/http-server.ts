import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SocketModeServer } from './socket-mode.ts';
import { handleWebApiRequest, type WebApiDeps } from './web-api/handler.ts';

/**
 * One HTTP server on 127.0.0.1:<random port> for both protocols, like slack.com: `/api/<method>`
 * for the Web API and WebSocket upgrades for Socket Mode.
 */
export async function listenOnLoopback(
  deps: Omit<WebApiDeps, 'openSocketUrl'>,
  socketMode: SocketModeServer,
): Promise<Server> {
  const server = createServer();
  const wsBaseUrl = () => `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const webApiDeps: WebApiDeps = { ...deps, openSocketUrl: () => socketMode.issueUrl(wsBaseUrl()) };
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('fake slack: only /api/<method> is served');
      return;
    }
    handleWebApiRequest(req, res, webApiDeps).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!socketMode.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return server;
}

export function closeServer(server: Server): Promise<void> {
  // Keep-alive sockets from clients would otherwise hold close() open.
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
