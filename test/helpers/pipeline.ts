import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import type { ChannelRef, ChatUser, MessageRef } from '../../src/domain/chat.ts';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import type { SpecBody } from '../../src/domain/spec.ts';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { ALL_QUEUES } from '../../src/jobs/queues.ts';
import type { Routing } from '../../src/pipeline/context.ts';
import { startPipeline } from '../../src/pipeline/index.ts';
import type { InboundSink } from '../../src/ports/chat-platform.ts';
import { MemoryChat } from '../fakes/memory-chat.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { scriptedModel } from './mock-model.ts';

export const CHANNEL: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
export const ROUTING: Routing = { agent: 'built-in', sandbox: 'bwrap', isolated: true, canExecute: true };

export const person = (id: string, overrides: Partial<ChatUser> = {}): ChatUser => ({
  id: `slack:${id}`,
  name: id.toLowerCase(),
  trust: 'trusted',
  isBot: false,
  ...overrides,
});

let seq = 0;
/** Real-shaped canonical events with fresh delivery ids and increasing Slack timestamps. */
export const events = {
  message(
    user: ChatUser,
    text: string,
    options: { threadId?: string; mention?: boolean; ts?: string } = {},
  ): Extract<ChatEvent, { type: 'message' | 'mention' }> {
    seq += 1;
    const ts = options.ts ?? `${1_700_000_000 + seq}.000100`;
    const ref: MessageRef = {
      channel: CHANNEL,
      messageId: ts,
      ...(options.threadId ? { threadId: options.threadId } : {}),
    };
    return {
      eventId: `slack:Ev${seq}-${Math.random().toString(36).slice(2, 8)}`,
      type: options.mention ? 'mention' : 'message',
      message: {
        ref,
        author: user,
        text,
        mentionsBot: options.mention ?? false,
        at: new Date(Number(ts.split('.')[0]) * 1000),
      },
    };
  },
  reaction(
    user: ChatUser,
    target: MessageRef,
    emoji: string,
    removed = false,
  ): Extract<ChatEvent, { type: 'reaction_added' | 'reaction_removed' }> {
    seq += 1;
    return {
      eventId: `slack:Ev${seq}-r`,
      type: removed ? 'reaction_removed' : 'reaction_added',
      target,
      user,
      emoji,
      at: new Date(),
    };
  },
};

export interface TestPipeline {
  sink: InboundSink;
  chat: MemoryChat;
  model: ReturnType<typeof scriptedModel>;
  database: TestDatabase;
  queue: JobQueue;
  dispose(): Promise<void>;
}

export async function startTestPipeline(
  answer: Parameters<typeof scriptedModel>[0],
  env: Record<string, string> = {},
): Promise<TestPipeline> {
  const database = await createTestDatabase();
  const logger = pino({ level: 'silent' });
  const queue = createJobQueue(database.store, logger, {
    retryDelaySeconds: 0,
    retryLimit: 1,
    maintenanceSeconds: 1,
  });
  await queue.start(ALL_QUEUES);
  const chat = new MemoryChat('slack');
  const model = scriptedModel(answer);
  const config = loadConfig({
    CODECOT_APPROVERS: 'slack:UA,slack:UB',
    CODECOT_DEFAULT_REPO: 'acme/widgets',
    ...env,
  });
  const sink = await startPipeline({
    db: database.store.db,
    queue,
    logger,
    config,
    chats: [chat],
    model: { model: model.model, modelName: 'mock-model' },
    codeHost: undefined,
    routing: ROUTING,
  });
  await chat.start(sink);
  return {
    sink,
    chat,
    model,
    database,
    queue,
    async dispose() {
      await sink.drainer.stop();
      await queue.stop(2_000);
      await database.dispose();
    },
  };
}

/** Answers each stage's prompt with a plausible structured result. */
export function stageAnswers(
  overrides: { extract?: object; spec?: object; revised?: object; window?: (prompt: string) => object } = {},
) {
  return (prompt: string): object => {
    if (prompt.includes('You turn a team chat request')) {
      return (
        overrides.extract ?? {
          title: 'Add retries to the uploader',
          summary: 'Uploads fail on flaky networks.',
          actionable: true,
        }
      );
    }
    if (prompt.includes('You revise a specification'))
      return overrides.revised ?? specBody('Add retries with backoff to the uploader');
    if (prompt.includes('You write a scoped specification'))
      return overrides.spec ?? specBody('Add retries to the uploader');
    if (prompt.includes('Spot code changes this team chat agreed'))
      return overrides.window?.(prompt) ?? { summary: 'chat', intents: [] };
    throw new Error(`unexpected prompt: ${prompt.slice(0, 80)}`);
  };
}

export function specBody(title: string): SpecBody {
  return {
    title,
    problem: 'Uploads fail on flaky networks.',
    desiredOutcome: 'Uploads survive transient failures.',
    scope: ['src/upload.ts'],
    acceptanceCriteria: ['a failed upload is retried up to 3 times', 'the wait doubles between attempts'],
    outOfScope: ['resumable uploads'],
    validationPlan: ['npm test'],
    risks: ['longer worst-case latency'],
    size: 's',
  };
}
