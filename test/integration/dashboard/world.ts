import pino from 'pino';
import { dashboardRoutes, type ListLocalPulls } from '../../../src/dashboard/index.ts';
import type { ChannelRef } from '../../../src/domain/chat.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import { MemoryChat } from '../../fakes/memory-chat.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

export const CHANNEL: ChannelRef = { platform: 'local', workspaceId: 'local', channelId: 'general' };
export const THREAD = 'local:local:general:m1';

export interface DashboardWorld {
  url: string;
  database: TestDatabase;
  get(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The dashboard on a real HTTP server on 127.0.0.1, over a test database. */
export async function startDashboard(
  options: {
    token?: string;
    host?: string;
    localPulls?: ListLocalPulls;
    /** Serve another world's database (a running pipeline's); its owner disposes of it. */
    database?: TestDatabase;
  } = {},
): Promise<DashboardWorld> {
  const database = options.database ?? (await createTestDatabase());
  const logger = pino({ level: 'silent' });
  const http = createHttpServer(logger);
  const chats = [new MemoryChat('local', 'codecot')];
  const routes = dashboardRoutes({
    db: database.store.db,
    logger,
    chats,
    token: options.token,
    localPulls: options.localPulls,
  });
  for (const route of routes) http.route(route.method, route.path, route.handler);
  const host = options.host ?? '127.0.0.1';
  const { port } = await http.listen(0, host);
  const url = `http://${host}:${port}`;
  return {
    url,
    database,
    get: (path, init) => fetch(`${url}${path}`, { redirect: 'manual', ...init }),
    async close() {
      await http.close();
      if (!options.database) await database.dispose();
    },
  };
}
