import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { PlatformName } from '../domain/chat.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { Logger } from '../logger.ts';
import type { ChatPlatform, InboundSink } from '../ports/chat-platform.ts';
import type { Database } from '../store/tables.ts';
import { handleChatEvent } from './handle-chat-event.ts';
import { handleCommand } from './handle-command.ts';
import { createInboundSink } from './ingest-event.ts';

export interface PipelineDeps {
  db: Kysely<Database>;
  queue: JobQueue;
  logger: Logger;
  config: Config;
  chats: readonly ChatPlatform[];
}

/** Wires the whole flow in one place: the inbound sink and every job handler. */
export async function startPipeline(deps: PipelineDeps): Promise<InboundSink> {
  const chats = new Map<PlatformName, ChatPlatform>(deps.chats.map((c) => [c.name, c]));
  const commandDeps = {
    db: deps.db,
    defaults: { approvers: deps.config.approvers, repo: deps.config.defaultRepo },
  };
  await deps.queue.work<{ event: Record<string, unknown> }>(
    QUEUES.chatEvent,
    (payload) => handleChatEvent({ chats, logger: deps.logger }, payload),
    { concurrency: deps.config.jobConcurrency },
  );
  return createInboundSink({
    db: deps.db,
    queue: deps.queue,
    logger: deps.logger,
    handleCommand: (event) => handleCommand(commandDeps, event),
  });
}
