import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { MessageRef, PlatformName } from '../domain/chat.ts';
import type { CodeHostEvent } from '../domain/code-host-events.ts';
import { decodeEvent } from '../domain/event-codec.ts';
import type { DigestJob } from '../jobs/cron.ts';
import type { JobHandler, JobQueue, WorkSettings } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { Logger } from '../logger.ts';
import type { ChatPlatform } from '../ports/chat-platform.ts';
import type { CodeHost } from '../ports/code-host.ts';
import { findIntent } from '../store/repositories/intents.ts';
import type { Database } from '../store/tables.ts';
import type { ExecutionDeps, Routing, StageDeps } from './context.ts';
import { draftSpec } from './draft-spec.ts';
import type { WatchPayload } from './follow-ci.ts';
import { handleChatEvent } from './handle-chat-event.ts';
import { handleCodeHostEvent } from './handle-code-host-event.ts';
import { handleCommand } from './handle-command.ts';
import { createInboundSink, type IngestSink } from './ingest-event.ts';
import { listenToWindow } from './listen-passively.ts';
import type { ModelDeps } from './model-call.ts';
import { postDigest } from './post-digest.ts';
import { reportFailure } from './report-failure.ts';
import { runExecution } from './run-execution.ts';
import { watchCi } from './watch-ci.ts';

export interface PipelineDeps {
  db: Kysely<Database>;
  /** Where chat events are accepted before the ack (Store.ackDb); `db` when not given. */
  ackDb?: Kysely<Database>;
  queue: JobQueue;
  logger: Logger;
  config: Config;
  chats: readonly ChatPlatform[];
  model: Omit<ModelDeps, 'db' | 'logger'> | undefined;
  codeHost: CodeHost | undefined;
  routing: Routing;
  execution?: ExecutionDeps | undefined;
  /**
   * Resolves once the chat platforms are started. Jobs wait for it: after a restart the queue hands out
   * waiting jobs at once, and a handler that posts or reads a bot id before its platform started failed
   * for good ("used before start()"), losing an approval acknowledged before the crash.
   */
  chatsReady?: Promise<void> | undefined;
}

/** Wires the whole flow in one place: the inbound sink and every job handler. */
export async function startPipeline(deps: PipelineDeps): Promise<IngestSink> {
  const { config } = deps;
  const stage: StageDeps = {
    db: deps.db,
    queue: deps.queue,
    logger: deps.logger,
    chats: new Map<PlatformName, ChatPlatform>(deps.chats.map((c) => [c.name, c])),
    model: deps.model ? { ...deps.model, db: deps.db, logger: deps.logger } : undefined,
    codeHost: deps.codeHost,
    routing: deps.execution
      ? {
          agent: deps.execution.agent.name,
          sandbox: deps.execution.sandbox.name,
          isolated: deps.execution.sandbox.isolated,
          canExecute: true,
        }
      : deps.routing,
    execution: deps.execution,
    defaults: { approvers: config.approvers, repo: config.defaultRepo },
    passiveThreshold: config.passiveThreshold,
    passivePrefilter: config.passivePrefilter,

    quietSeconds: config.quietSeconds,
    burstLimit: config.burstLimit,
    memoryLimit: config.memoryLimit,
    ci: config.ci,
  };
  const chatsReady = deps.chatsReady ?? Promise.resolve();
  const work = <P extends object>(queue: string, handler: JobHandler<P>, options?: WorkSettings) =>
    deps.queue.work<P>(
      queue,
      async (payload, job) => {
        await chatsReady;
        return handler(payload, job);
      },
      options,
    );
  const concurrency = { concurrency: config.jobConcurrency };
  const max = deps.queue.maxAttempts;
  await work<{ event: Record<string, unknown> }>(
    QUEUES.chatEvent,
    (p, job) =>
      handleChatEvent(stage, p).catch((e: unknown) =>
        reportFailure(stage, whereToReport(p), e, { number: job.attempt, max }),
      ),
    { ...concurrency, groupConcurrency: 1 },
  );
  await work<{ intentId: string }>(
    QUEUES.draftSpec,
    (p, job) =>
      draftSpec(stage, p).catch(async (e: unknown) =>
        reportFailure(stage, await triggerOf(stage, p.intentId), e, { number: job.attempt, max }),
      ),
    concurrency,
  );
  await work<{ channelId: string }>(
    QUEUES.listen,
    (p, job) =>
      listenToWindow(stage, p).catch((e: unknown) =>
        reportFailure(stage, undefined, e, { number: job.attempt, max }),
      ),
    concurrency,
  );
  await work<DigestJob>(QUEUES.digest, (p, job) => postDigest(stage, p, job), concurrency);
  // CI follow-up: webhook deliveries and the polls that stand in for them (pg-boss retries failures).
  await work<{ event: CodeHostEvent }>(
    QUEUES.codeHostEvent,
    (p) => handleCodeHostEvent(stage, p),
    concurrency,
  );
  await work<WatchPayload>(QUEUES.watchCi, (p) => watchCi(stage, p), concurrency);
  if (stage.execution) {
    await work<{ executionId: string; delayedRetries?: number }>(
      QUEUES.execute,
      (p, job) => runExecution(stage, p, { number: job.attempt, max }),
      { concurrency: config.maxExecutions, groupConcurrency: config.maxExecutionsPerRepo },
    );
  }
  return createInboundSink({
    db: deps.db,
    ...(deps.ackDb ? { ackDb: deps.ackDb } : {}),
    queue: deps.queue,
    logger: deps.logger,
    handleCommand: (event, db) => handleCommand({ db, defaults: stage.defaults, queue: deps.queue }, event),
    listening: stage.model ? { quietSeconds: config.quietSeconds, burstLimit: config.burstLimit } : undefined,
  });
}

/** Where a chat event's failure is told: the message it was about. */
function whereToReport(payload: { event: Record<string, unknown> }): MessageRef | undefined {
  const event = decodeEvent(payload.event);
  if (event.type === 'mention' || event.type === 'message') return event.message.ref;
  if (event.type === 'reaction_added' || event.type === 'reaction_removed') return event.target;
  return undefined;
}

async function triggerOf(stage: StageDeps, intentId: string): Promise<MessageRef | undefined> {
  return (await findIntent(stage.db, intentId))?.triggerRef ?? undefined;
}
