import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { PlatformName } from '../domain/chat.ts';
import type { Logger } from '../logger.ts';
import type { ChatPlatform, HttpRoute } from '../ports/chat-platform.ts';
import type { Database } from '../store/tables.ts';
import { type Authorize, createAccessGuard } from './auth.ts';
import type { SafeHtml } from './html.ts';
import { notFound, sendHtml } from './layout.ts';
import { redirectToThread } from './links.ts';
import { channelPage } from './pages/channel.ts';
import { digestsPage } from './pages/digests.ts';
import { executionPage } from './pages/execution.ts';
import { sendLogJson } from './pages/live-log.ts';
import { overviewPage } from './pages/overview.ts';
import { type ListLocalPulls, pullPage, pullsPage } from './pages/pulls.ts';
import { specPage } from './pages/spec.ts';
import { sendLiveLogScript } from './script.ts';
import { sendStyle } from './style.ts';

export { type Authorize, createAccessGuard } from './auth.ts';
export { localPullPath } from './links.ts';
export type { ListLocalPulls, LocalPullRequest } from './pages/pulls.ts';

export interface DashboardDeps {
  db: Kysely<Database>;
  logger: Logger;
  chats: readonly ChatPlatform[];
  /** CODECOT_DASHBOARD_TOKEN; unset: loopback requests only. */
  token: string | undefined;
  /** The local-git code host's pull request records, when that is the code host. */
  localPulls?: ListLocalPulls | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The dashboard: server-rendered pages under /dashboard, behind the access guard. */
export function dashboardRoutes(deps: DashboardDeps): HttpRoute[] {
  const authorize: Authorize = createAccessGuard(deps.token);
  const chats = new Map<PlatformName, ChatPlatform>(deps.chats.map((c) => [c.name, c]));
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    if (!authorize(req, res)) return;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let parts: string[];
    try {
      parts = path
        .replace(/^\/dashboard\/?/, '')
        .split('/')
        .filter(Boolean)
        .map(decodeURIComponent);
    } catch {
      return notFound(res, 'page');
    }
    try {
      await route(parts, req, res);
    } catch (error) {
      deps.logger.error({ err: error, path }, 'dashboard page failed');
      if (!res.headersSent) notFound(res, 'page (it failed to render; see the log)');
    }
  };
  async function route(parts: string[], req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [section, id, ...rest] = parts;
    const show = (what: string, page: SafeHtml | undefined) =>
      page ? sendHtml(res, 200, page) : notFound(res, what);
    if (section === undefined) return show('page', await overviewPage(deps.db));
    if (section === 'style.css' && !id) return sendStyle(res);
    if (section === 'live-log.js' && !id) return sendLiveLogScript(res);
    if (section === 'thread' && !id) return redirectToThread(req, res, chats);
    if (section === 'digests' && !id) return show('page', await digestsPage(deps.db));
    if (section === 'channels' && id && !rest.length) return show('channel', await channelPage(deps.db, id));
    if (section === 'specs' && id && UUID.test(id)) return show('spec', await specPage(deps.db, id));
    if (section === 'executions' && id && UUID.test(id) && rest.join('/') === 'log')
      return sendLogJson(res, deps.db, id, new URL(req.url ?? '/', 'http://dashboard.invalid').searchParams);
    if (section === 'executions' && id && UUID.test(id) && !rest.length) {
      const execution = await executionPage(deps.db, id);
      return execution ? sendHtml(res, 200, execution, { scripts: true }) : notFound(res, 'execution');
    }
    if (section === 'pulls' && !id) return show('page', await pullsPage(deps.localPulls));
    if (section === 'pulls' && id && rest.length === 2 && /^\d+$/.test(rest[1] ?? '')) {
      const page = await pullPage(deps.db, deps.localPulls, `${id}/${rest[0]}`, Number(rest[1]));
      return show('pull request', page);
    }
    notFound(res, 'page');
  }
  return [
    { method: 'GET', path: '/dashboard', handler },
    { method: 'GET', path: '/dashboard/*', handler },
  ];
}
