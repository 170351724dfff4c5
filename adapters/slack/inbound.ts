import type { ChatEvent, InboundResult } from '../../src/domain/chat-events.ts';
import { CodecotError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import type { InboundSink } from '../../src/ports/chat-platform.ts';
import { parseEnvelope } from './parse.ts';
import { parseSlashCommand } from './parse-command.ts';
import type { ParsedInbound } from './parsed.ts';
import type { WorkspaceContext } from './refs.ts';
import type { ThreadIndex } from './thread-index.ts';
import type { UserDirectory } from './user-directory.ts';

export interface InboundDeps {
  /** The core's sink, once the adapter has started. */
  sink(): InboundSink | undefined;
  context(): WorkspaceContext;
  directory: UserDirectory;
  /** Learns each message's thread, and tells reactions which thread their target is in. */
  threads: ThreadIndex;
  logger: Logger;
}

export interface InboundHandler {
  /** An Events API envelope; resolves once the sink has stored it (rejects if it could not). */
  onEnvelope(body: unknown): Promise<void>;
  /** A slash command; resolves with the reply for the invoking user only. */
  onCommand(body: unknown): Promise<InboundResult>;
}

const COMMAND_FAILED =
  'Codecot could not answer that just now (it has been logged). Please try again in a moment.';

/**
 * Parses a delivery, resolves the author's trust, and hands the canonical event to the sink. Bad
 * and unknown payloads are logged and skipped; a sink failure propagates so Slack redelivers.
 */
export function createInboundHandler(deps: InboundDeps): InboundHandler {
  return {
    async onEnvelope(body) {
      const parsed = parseEnvelope(body, deps.context());
      // Refused (400 over HTTP) rather than acknowledged: nothing in it can be stored.
      if (parsed.kind === 'malformed')
        throw new CodecotError('bad_input', `malformed slack event: ${parsed.reason}`);
      await deliver(parsed, deps);
    },
    async onCommand(body) {
      try {
        return await deliver(parseSlashCommand(body, deps.context()), deps);
      } catch (error) {
        // Slack never retries a slash command, so the user hears about the failure instead.
        deps.logger.error({ err: error }, 'slack slash command failed');
        return { reply: COMMAND_FAILED };
      }
    },
  };
}

async function deliver(parsed: ParsedInbound, deps: InboundDeps): Promise<InboundResult> {
  switch (parsed.kind) {
    case 'malformed':
      deps.logger.warn({ reason: parsed.reason }, 'malformed slack payload skipped');
      return {};
    case 'ignored':
      if (parsed.unknown) {
        deps.logger.info({ eventType: parsed.eventType }, 'unknown slack event type recorded and ignored');
      } else {
        deps.logger.debug({ eventType: parsed.eventType, reason: parsed.reason }, 'slack event ignored');
      }
      return {};
    case 'ready':
      return toSink(deps)(withThreads(parsed.event, deps.threads));
    case 'needs_author': {
      const event = parsed.complete(await deps.directory.resolve(parsed.author));
      return toSink(deps)(withThreads(event, deps.threads));
    }
  }
}

function withThreads(event: ChatEvent, threads: ThreadIndex): ChatEvent {
  switch (event.type) {
    case 'message':
    case 'mention': {
      const { ref } = event.message;
      threads.remember(ref.channel.channelId, ref.messageId, ref.threadId);
      return event;
    }
    case 'reaction_added':
    case 'reaction_removed':
      return { ...event, target: threads.withThread(event.target) };
    default:
      return event;
  }
}

function toSink(deps: InboundDeps): InboundSink {
  const sink = deps.sink();
  if (!sink) {
    throw new CodecotError('platform_error', 'slack adapter received an event before start()', {
      platform: 'slack',
      retryable: true,
    });
  }
  return sink;
}
