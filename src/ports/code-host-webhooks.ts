import type { CodeHostEventSink } from '../domain/code-host-events.ts';
import type { HttpRoute } from './chat-platform.ts';

/**
 * A code host that pushes events over HTTP (GitHub webhooks). A port of its own rather than a member
 * of CodeHost: it exists only when a webhook secret is configured, and without it CI is still
 * followed by polling `CodeHost.checks`.
 */
export interface CodeHostWebhooks {
  /** A short name for logs (`github`). */
  readonly name: string;
  /** The route to mount: verifies each delivery, parses it into canonical events and hands them to the sink. */
  route(sink: CodeHostEventSink): HttpRoute;
}
