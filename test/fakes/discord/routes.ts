import type { Route } from './rest-types.ts';
import type { RouteContext } from './route-context.ts';
import { commandRoutes } from './routes-commands.ts';
import { interactionRoutes } from './routes-interactions.ts';
import { messageRoutes } from './routes-messages.ts';
import { metaRoutes } from './routes-meta.ts';
import { reactionRoutes } from './routes-reactions.ts';
import { threadRoutes } from './routes-threads.ts';
import { webhookRoutes } from './routes-webhooks.ts';

/** Every REST route the fake answers; anything else is a recorded 404. */
export function allRoutes(context: RouteContext): Route[] {
  return [
    ...metaRoutes(context),
    ...messageRoutes(context),
    ...reactionRoutes(context),
    ...threadRoutes(context),
    ...commandRoutes(context),
    ...interactionRoutes(context),
    ...webhookRoutes(context),
  ];
}
