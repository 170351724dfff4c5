import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** The one HTTP server: webhooks (Slack, GitHub), health, and later the dashboard mount routes on it. */
export interface HttpServer {
  /** Adds a route; `path` matches exactly, or as a prefix when it ends with `/*`. */
  route(method: string, path: string, handler: RouteHandler): void;
  listen(port: number, host: string): Promise<{ port: number }>;
  close(): Promise<void>;
}

interface Route {
  method: string;
  path: string;
  prefix: boolean;
  handler: RouteHandler;
}

export function createHttpServer(logger: Logger): HttpServer {
  const routes: Route[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes.find(
      (r) => r.method === req.method && (r.prefix ? path.startsWith(r.path) : r.path === path),
    );
    if (!route) {
      const known = routes.some((r) => (r.prefix ? path.startsWith(r.path) : r.path === path));
      sendJson(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' });
      return;
    }
    Promise.resolve(route.handler(req, res)).catch((error: unknown) => {
      logger.error({ err: error, path }, 'request handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;

  return {
    route(method, path, handler) {
      const prefix = path.endsWith('/*');
      routes.push({ method, path: prefix ? path.slice(0, -1) : path, prefix, handler });
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve({ port: (server.address() as AddressInfo).port });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
