import { generateText, type LanguageModel, NoObjectGeneratedError, Output } from 'ai';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { CodecotError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { findChannel } from '../store/repositories/channels.ts';
import { recordModelCall, tokensUsedThisMonth } from '../store/repositories/model-calls.ts';
import type { Database } from '../store/tables.ts';

export interface ModelDeps {
  model: LanguageModel;
  modelName: string;
  db: Kysely<Database>;
  logger: Logger;
  timeoutMs?: number;
}

export interface StructuredRequest<S extends z.ZodType> {
  /** The pipeline stage asking (`extract-intent`, `draft-spec`...), for accounting. */
  stage: string;
  /** What the call serves (intent id, spec id, channel window), for accounting. */
  subjectId: string;
  channelId: string | null;
  schema: S;
  prompt: string;
}

/**
 * One structured model call: checks the channel's monthly token budget, asks for output matching the
 * zod schema, retries once when the answer does not parse, and records tokens and latency of every
 * attempt. Errors are typed: a timeout or API error is retryable (the job tries again, state unchanged);
 * two unparseable answers are reported, never guessed.
 */
export async function generateStructured<S extends z.ZodType>(
  deps: ModelDeps,
  request: StructuredRequest<S>,
): Promise<z.infer<S>> {
  await assertBudget(deps.db, request.channelId);
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    try {
      const result = await generateText({
        model: deps.model,
        prompt: request.prompt,
        output: Output.object({ schema: request.schema }),
        maxRetries: 1,
        abortSignal: AbortSignal.timeout(deps.timeoutMs ?? 120_000),
      });
      await record(deps, request, started, result.usage.inputTokens, result.usage.outputTokens, true);
      return result.output as z.infer<S>;
    } catch (error) {
      const usage = NoObjectGeneratedError.isInstance(error) ? error.usage : undefined;
      await record(deps, request, started, usage?.inputTokens, usage?.outputTokens, false);
      if (NoObjectGeneratedError.isInstance(error)) {
        if (attempt < 2) continue;
        throw new CodecotError(
          'model_error',
          `${request.stage}: the model twice answered with output that does not fit the expected structure`,
          { cause: error },
        );
      }
      throw new CodecotError('model_error', `${request.stage}: the model call failed`, {
        cause: error,
        retryable: true,
      });
    }
  }
}

async function record(
  deps: ModelDeps,
  request: StructuredRequest<z.ZodType>,
  started: number,
  input: number | undefined,
  output: number | undefined,
  ok: boolean,
) {
  await recordModelCall(deps.db, {
    stage: request.stage,
    subjectId: request.subjectId,
    channelId: request.channelId,
    model: deps.modelName,
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    latencyMs: Date.now() - started,
    ok,
  });
}

async function assertBudget(db: Kysely<Database>, channelId: string | null): Promise<void> {
  if (!channelId) return;
  const channel = await findChannel(db, channelId);
  if (!channel?.monthlyTokenBudget) return;
  const used = await tokensUsedThisMonth(db, channelId);
  if (used >= channel.monthlyTokenBudget) {
    throw new CodecotError(
      'budget_exhausted',
      `This channel has used its monthly model budget (${used} of ${channel.monthlyTokenBudget} tokens).`,
    );
  }
}
