import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { createModel } from '../../../adapters/openai/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { createJobQueue, type JobQueue } from '../../../src/jobs/queue.ts';
import { ALL_QUEUES } from '../../../src/jobs/queues.ts';
import { startPipeline } from '../../../src/pipeline/index.ts';
import { MemoryChat } from '../../fakes/memory-chat.ts';
import { createFakeOpenAI, type FakeOpenAI } from '../../fakes/openai/index.ts';
import { createTestDatabase } from '../../helpers/database.ts';
import { events, person, ROUTING, stageAnswers } from '../../helpers/pipeline.ts';
import { waitFor } from '../../helpers/wait.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(api: 'chat' | 'responses', fake: FakeOpenAI) {
  const database = await createTestDatabase();
  cleanups.push(() => database.dispose());
  const logger = pino({ level: 'silent' });
  const queue: JobQueue = createJobQueue(database.store, logger, {
    retryDelaySeconds: 0,
    retryLimit: 2,
    maintenanceSeconds: 1,
  });
  await queue.start(ALL_QUEUES);
  cleanups.push(() => queue.stop(2_000));
  const config = loadConfig({
    CODECOT_APPROVERS: 'slack:UA',
    OPENAI_API_KEY: 'sk-test-key-0123456789abcdef',
    OPENAI_BASE_URL: fake.baseURL,
    CODECOT_MODEL: 'gpt-test',
    CODECOT_MODEL_API: api,
  });
  const chat = new MemoryChat('slack');
  const sink = await startPipeline({
    db: database.store.db,
    queue,
    logger,
    config,
    chats: [chat],
    model: createModel(config.model),
    codeHost: undefined,
    routing: ROUTING,
  });
  cleanups.push(() => sink.drainer.stop());
  await chat.start(sink);
  return { database, chat, sink };
}

const specs = (chat: MemoryChat) => chat.posts.filter((p) => p.message.title?.startsWith('Spec v'));

describe.each(['chat', 'responses'] as const)(
  'the real OpenAI provider (%s API) against the fake server',
  (api) => {
    test('mention -> spec -> reply -> revised spec -> approval -> exactly one execution', async () => {
      const fake = await createFakeOpenAI({ apiKey: 'sk-test-key-0123456789abcdef' });
      cleanups.push(() => fake.close());
      const answer = stageAnswers();
      fake.setHandler((request) => ({ json: answer(request.messagesText) }));
      const { database, chat, sink } = await start(api, fake);

      const mention = events.message(person('UREQ'), '<@UBOT> uploads fail on bad wifi, add retries', {
        mention: true,
      });
      await sink(mention);
      await waitFor(() => specs(chat).length === 1, 20_000);
      await sink(
        events.message(person('UREQ'), 'and back off exponentially', {
          threadId: mention.message.ref.messageId,
        }),
      );
      await waitFor(() => specs(chat).length === 2, 20_000);
      await sink(events.reaction(person('UA'), specs(chat)[1]!.ref, 'white_check_mark'));
      await waitFor(() => chat.posts.some((p) => p.message.text.includes('approved by')), 20_000);

      expect(fake.requests.every((r) => r.api === api && r.model === 'gpt-test')).toBe(true);
      expect(fake.requests).toHaveLength(3);
      const executions = await database.store.db.selectFrom('executions').selectAll().execute();
      expect(executions).toHaveLength(1);
      const calls = await database.store.db
        .selectFrom('model_calls')
        .selectAll()
        .orderBy('created_at')
        .execute();
      expect(calls.map((c) => c.stage)).toEqual(['extract-intent', 'draft-spec', 'revise-spec']);
      expect(calls.map((c) => c.input_tokens)).toEqual(fake.requests.map((r) => r.usage?.inputTokens));
    });

    test('a 500 is retried; malformed output twice is reported in the thread, not guessed', async () => {
      const fake = await createFakeOpenAI();
      cleanups.push(() => fake.close());
      const answer = stageAnswers();
      fake.enqueue({ error: { status: 500, message: 'boom', retryAfterSeconds: 0 } });
      fake.setHandler((request) =>
        request.messagesText.includes('You write a scoped specification')
          ? { raw: '{"title": oops' }
          : { json: answer(request.messagesText) },
      );
      const { chat, sink } = await start(api, fake);
      await sink(events.message(person('UREQ'), '<@UBOT> add retries', { mention: true }));
      await waitFor(
        () => chat.posts.some((p) => p.message.text.startsWith('I could not finish this')),
        30_000,
      );
      expect(
        chat.posts.find((p) => p.message.text.startsWith('I could not finish this'))?.message.text,
      ).toMatch(/not a usable spec/);
      expect(specs(chat)).toHaveLength(0);
      expect(
        fake.requests.filter((r) => r.messagesText.includes('You write a scoped specification')),
      ).toHaveLength(2);
    });
  },
);
