import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../src/logger.ts';
import type { HttpRoute } from '../../src/ports/chat-platform.ts';
import { queryOf, Refusal, readJsonFromPage, sendFailure, sendJson } from './http-io.ts';
import type { PlaygroundInbound } from './inbound.ts';
import type { LiveUpdates } from './live.ts';
import { parseBody, SHOWN, schemas, slugOf } from './parse.ts';
import type { Room } from './room.ts';
import { serveStatic } from './static-files.ts';
import { type LinkRewriter, toView } from './views.ts';

/** Answers a request, or refuses it (after answering 401/403 itself) when the caller may not see the page. */
export type Authorize = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface RouteDeps {
  room: Room;
  inbound: PlaygroundInbound;
  live: LiveUpdates;
  logger: Logger;
  botName: string;
  botUserId: string;
  notices: () => readonly string[];
  rewrite: LinkRewriter | undefined;
  authorize: Authorize | undefined;
}

/** The web chat under /playground: the page, its JSON API, and the live stream. */
export function playgroundRoutes(deps: RouteDeps): HttpRoute[] {
  const guard =
    (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      if (deps.authorize && !deps.authorize(req, res)) return;
      try {
        await handler(req, res);
      } catch (error) {
        if (sendFailure(res, error)) return;
        deps.logger.error({ err: error, url: req.url }, 'playground request failed');
        if (!res.headersSent) sendJson(res, 502, { error: 'Codecot could not take this in; try again' });
      }
    };
  const done = {};
  const posts: Record<string, (body: unknown) => Promise<object>> = {
    messages: async (b) => ({
      message: toView(await deps.inbound.message(parseBody(schemas.message, b)), deps.rewrite),
    }),
    reactions: async (b) => {
      await deps.inbound.reaction(parseBody(schemas.reaction, b));
      return done;
    },
    edits: async (b) => {
      await deps.inbound.edit(parseBody(schemas.edit, b));
      return done;
    },
    deletions: async (b) => {
      await deps.inbound.deletion(parseBody(schemas.deletion, b));
      return done;
    },
    commands: async (b) => ({ reply: await deps.inbound.command(parseBody(schemas.command, b)) }),
    channels: async (b) => {
      await deps.inbound.channel(parseBody(schemas.channel, b));
      return done;
    },
  };

  const get = guard(async (req, res) => {
    const path = pathAfterPrefix(req);
    if (path === 'api/state') return sendJson(res, 200, state(deps, userIdFrom(req)));
    if (path === 'api/events') return deps.live.open(req, res, userIdFrom(req));
    if (!serveStatic(path, res)) sendJson(res, 404, { error: 'not found' });
  });
  const post = guard(async (req, res) => {
    const action = /^api\/([a-z]+)$/.exec(pathAfterPrefix(req))?.[1];
    const run = action ? posts[action] : undefined;
    if (!run) throw new Refusal(404, 'not found');
    sendJson(res, 200, await run(await readJsonFromPage(req)));
  });
  return [
    { method: 'GET', path: '/playground', handler: get },
    { method: 'GET', path: '/playground/*', handler: get },
    { method: 'POST', path: '/playground/*', handler: post },
  ];
}

function pathAfterPrefix(req: IncomingMessage): string {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  return path.replace(/^\/playground\/?/, '');
}

function userIdFrom(req: IncomingMessage): string | undefined {
  const slug = slugOf(queryOf(req).get('user') ?? '');
  return slug ? `local:${slug}` : undefined;
}

function state(deps: RouteDeps, userId: string | undefined) {
  return {
    bot: { id: deps.botUserId, name: deps.botName },
    channels: deps.room.channels(),
    palette: SHOWN,
    notices: deps.notices(),
    messages: deps.room.visibleTo(userId).map((m) => toView(m, deps.rewrite)),
  };
}
