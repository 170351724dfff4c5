import type { Store } from '../store/database.ts';
import { type RouteHandler, sendJson } from './server.ts';

/** `GET /healthz`: 200 while the database answers, 503 when it does not (load balancers act on it). */
export function healthRoute(store: Store): RouteHandler {
  return async (_req, res) => {
    const database = await store.ping(2_000);
    sendJson(res, database ? 200 : 503, {
      status: database ? 'ok' : 'unavailable',
      database: database ? 'up' : 'down',
      engine: store.engine,
    });
  };
}
