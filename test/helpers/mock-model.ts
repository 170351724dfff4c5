import type { LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';

/** The text of every user/system part of a call, joined: what the model was shown. */
export function promptText(options: LanguageModelV4CallOptions): string {
  return options.prompt
    .map((message) =>
      typeof message.content === 'string'
        ? message.content
        : message.content
            .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
            .join(''),
    )
    .join('\n');
}

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/**
 * A MockLanguageModelV4 whose answer is computed from the prompt: objects are sent as JSON text,
 * strings as they are (for unparseable-output tests), errors are thrown. Usage is chars/4 of the
 * prompt and of the answer, so token accounting is checkable.
 */
export function scriptedModel(answer: (prompt: string, call: number) => object | string | Error) {
  let calls = 0;
  const prompts: string[] = [];
  const model = new MockLanguageModelV4({
    modelId: 'mock-model',
    doGenerate: async (options): Promise<LanguageModelV4GenerateResult> => {
      const prompt = promptText(options);
      prompts.push(prompt);
      const result = answer(prompt, ++calls);
      if (result instanceof Error) throw result;
      const text = typeof result === 'string' ? result : JSON.stringify(result);
      return {
        content: [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: {
            total: estimateTokens(prompt),
            noCache: undefined,
            cacheRead: undefined,
            cacheWrite: undefined,
          },
          outputTokens: { total: estimateTokens(text), text: undefined, reasoning: undefined },
        },
        warnings: [],
      };
    },
  });
  return { model, prompts, calls: () => calls };
}
