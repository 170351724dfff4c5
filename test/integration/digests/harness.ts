import pino from 'pino';
import { loadConfig } from '../../../src/config.ts';
import type { ChatUser } from '../../../src/domain/chat.ts';
import { createJobQueue, type JobQueue } from '../../../src/jobs/queue.ts';
import { ALL_QUEUES } from '../../../src/jobs/queues.ts';
import type { StageDeps } from '../../../src/pipeline/context.ts';
import { startPipeline } from '../../../src/pipeline/index.ts';
import type { InboundSink } from '../../../src/ports/chat-platform.ts';
import type { CodeHost } from '../../../src/ports/code-host.ts';
import { openStore, type Store } from '../../../src/store/database.ts';
import { MemoryChat } from '../../fakes/memory-chat.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { scriptedModel } from '../../helpers/mock-model.ts';
import { CHANNEL, events, person, ROUTING, stageAnswers } from '../../helpers/pipeline.ts';
import { waitFor } from '../../helpers/wait.ts';

export const CHANNEL_ID = 'slack:T1:C1';

/** One Codecot replica: its own job queue, pipeline and chat, on a database it may share with another. */
export interface Replica {
  sink: InboundSink;
  chat: MemoryChat;
  model: ReturnType<typeof scriptedModel>;
  database: TestDatabase;
  store: Store;
  queue: JobQueue;
  /** Runs `/codecot <subcommand> <args>` through the inbound sink and returns the reply. */
  command(subcommand: string, args?: string, user?: ChatUser): Promise<string>;
  dispose(): Promise<void>;
}

let commandSeq = 0;

/**
 * Starts the real pipeline on the in-memory chat. With `share`, the replica works on the other one's
 * database: the same PGlite instance, or on PostgreSQL a pool of its own (as a second process would).
 */
export async function startReplica(
  options: { env?: Record<string, string>; codeHost?: CodeHost; share?: Replica } = {},
): Promise<Replica> {
  const database = options.share?.database ?? (await createTestDatabase());
  const store =
    options.share && database.url
      ? await openStore({ url: database.url, dataDir: 'memory://', poolSize: 4 })
      : database.store;
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const queue = createJobQueue(store, logger, { retryDelaySeconds: 0, retryLimit: 1, maintenanceSeconds: 1 });
  await queue.start(ALL_QUEUES);
  const chat = new MemoryChat('slack');
  const model = scriptedModel(stageAnswers());
  const config = loadConfig({
    CODECOT_APPROVERS: 'slack:UA,slack:UB',
    CODECOT_DEFAULT_REPO: 'acme/widgets',
    ...options.env,
  });
  const sink = await startPipeline({
    db: store.db,
    queue,
    logger,
    config,
    chats: [chat],
    model: { model: model.model, modelName: 'mock-model' },
    codeHost: options.codeHost,
    routing: ROUTING,
  });
  await chat.start(sink);
  return {
    sink,
    chat,
    model,
    database,
    store,
    queue,
    async command(subcommand, args = '', user = person('UA')) {
      commandSeq += 1;
      const result = await sink({
        eventId: `slack:cmd-${commandSeq}-${Math.random().toString(36).slice(2, 8)}`,
        type: 'command',
        channel: CHANNEL,
        user,
        subcommand,
        args,
      });
      return result.reply ?? '';
    },
    async dispose() {
      await sink.drainer.stop();
      await queue.stop(2_000);
      if (store !== database.store) await store.close();
      if (!options.share) await database.dispose();
    },
  };
}

/** The stage dependencies a job handler gets, for calling one directly (as a second process would). */
export function stageFor(replica: Replica): StageDeps {
  return {
    db: replica.store.db,
    queue: replica.queue,
    logger: pino({ level: 'silent' }),
    chats: new Map([['slack', replica.chat]]),
    model: undefined,
    codeHost: undefined,
    routing: ROUTING,
    execution: undefined,
    defaults: { approvers: ['slack:UA'], repo: 'acme/widgets' },
    passiveThreshold: 0.7,
    passivePrefilter: true,
    quietSeconds: 120,
    burstLimit: 60,
  };
}

const ada = person('UREQ', { name: 'ada' });

/** Mentions the bot in a new thread and waits for the spec; returns the spec post and the mention. */
export async function requestSpec(r: Replica, text: string) {
  const mention = events.message(ada, `<@UBOT> ${text}`, { mention: true });
  const before = r.chat.posts.length;
  await r.sink(mention);
  await waitFor(() => r.chat.posts.slice(before).some((p) => p.message.title?.startsWith('Spec v1')), 20_000);
  const spec = r.chat.posts.slice(before).find((p) => p.message.title?.startsWith('Spec v1'));
  if (!spec) throw new Error('no spec posted');
  return { spec, mention };
}

export const memoryRows = (r: Replica) =>
  r.store.db.selectFrom('memory_items').selectAll().orderBy('created_at').execute();
