import { APICallError } from 'ai';
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { isCodecotError } from '../../../src/errors.ts';
import { generateStructured } from '../../../src/pipeline/model-call.ts';
import { ensureChannel, updateChannel } from '../../../src/store/repositories/channels.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { scriptedModel } from '../../helpers/mock-model.ts';

let t: TestDatabase | undefined;
afterEach(async () => t?.dispose());

const schema = z.object({ title: z.string() });
const request = (channelId: string | null) => ({
  stage: 'test',
  subjectId: 's1',
  channelId,
  schema,
  prompt: 'make a title',
});

async function setup(answer: Parameters<typeof scriptedModel>[0]) {
  t = await createTestDatabase();
  const scripted = scriptedModel(answer);
  const deps = {
    model: scripted.model,
    modelName: 'mock-model',
    db: t.store.db,
    logger: pino({ level: 'silent' }),
  };
  const channel = await ensureChannel(t.store.db, { platform: 'slack', workspaceId: 'T1', channelId: 'C1' });
  const calls = () => t!.store.db.selectFrom('model_calls').selectAll().orderBy('created_at').execute();
  return { scripted, deps, channel, calls };
}

describe('structured model calls', () => {
  test('a parsed answer is returned and its tokens and latency recorded', async () => {
    const { deps, channel, calls } = await setup(() => ({ title: 'Add retries' }));
    expect(await generateStructured(deps, request(channel.id))).toEqual({ title: 'Add retries' });
    const [call] = await calls();
    expect(call).toMatchObject({
      stage: 'test',
      subject_id: 's1',
      channel_id: channel.id,
      model: 'mock-model',
      ok: true,
      input_tokens: 3,
      output_tokens: 6,
    });
    expect(call?.latency_ms).toBeGreaterThanOrEqual(0);
  });

  test('an answer that does not parse is retried once', async () => {
    const { deps, scripted, calls } = await setup((_p, n) =>
      n === 1 ? 'not json at all' : { title: 'second try' },
    );
    expect(await generateStructured(deps, request(null))).toEqual({ title: 'second try' });
    expect(scripted.calls()).toBe(2);
    expect((await calls()).map((c) => c.ok)).toEqual([false, true]);
  });

  test('two unparseable answers are reported, not guessed', async () => {
    const { deps, scripted } = await setup(() => ({ wrong: 'shape' }));
    const error = await generateStructured(deps, request(null)).catch((e: unknown) => e);
    expect(isCodecotError(error, 'model_error')).toBe(true);
    expect((error as Error).message).toMatch(/does not fit the expected structure/);
    expect((error as { retryable: boolean }).retryable).toBe(false);
    expect(scripted.calls()).toBe(2);
  });

  test('an API error is a retryable model error (the job tries again, state unchanged)', async () => {
    const { deps } = await setup(
      () =>
        new APICallError({
          message: 'overloaded',
          url: 'http://x',
          requestBodyValues: {},
          statusCode: 503,
          isRetryable: false,
        }),
    );
    const error = await generateStructured(deps, request(null)).catch((e: unknown) => e);
    expect(isCodecotError(error, 'model_error')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
  });

  test('a channel over its monthly token budget gets a clear error and no call is made', async () => {
    const { deps, scripted, channel } = await setup(() => ({ title: 'x' }));
    await updateChannel(t!.store.db, channel.id, { monthlyTokenBudget: 5 });
    await generateStructured(deps, request(channel.id));
    const error = await generateStructured(deps, request(channel.id)).catch((e: unknown) => e);
    expect(isCodecotError(error, 'budget_exhausted')).toBe(true);
    expect((error as Error).message).toMatch(/used its monthly model budget \(7 of 5 tokens\)/);
    expect(scripted.calls()).toBe(1);
  });
});
