import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
} from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';

/** One scripted model turn: tool calls, or a final text answer. */
export type Turn = { tools: Array<{ name: string; input: Record<string, unknown> }> } | { text: string };

export const USAGE_PER_CALL = { input: 100, output: 20 } as const;

/** What the model received as the result of each tool call of the previous turn. */
export interface SeenToolResult {
  toolName: string;
  /** `text`/`json` for a result, `error-text` when the tool threw. */
  type: string;
  value: string;
}

/**
 * A MockLanguageModelV4 that plays the turns in order (the last one repeats forever, which is how a
 * model that never finishes is made), reports 100 input + 20 output tokens per call, honours the
 * abort signal like a real provider, and records the tool results each call was shown.
 */
export function scriptedAgentModel(turns: Turn[]) {
  const seen: SeenToolResult[][] = [];
  const calls: LanguageModelV4CallOptions[] = [];
  const model = new MockLanguageModelV4({
    modelId: 'mock-agent-model',
    doGenerate: async (options): Promise<LanguageModelV4GenerateResult> => {
      options.abortSignal?.throwIfAborted();
      calls.push(options);
      seen.push(lastToolResults(options));
      const turn = turns[Math.min(calls.length, turns.length) - 1];
      if (turn === undefined) throw new Error('no turns scripted');
      const content: LanguageModelV4Content[] =
        'text' in turn
          ? [{ type: 'text', text: turn.text }]
          : turn.tools.map((call, index) => ({
              type: 'tool-call',
              toolCallId: `call_${calls.length}_${index}`,
              toolName: call.name,
              input: JSON.stringify(call.input),
            }));
      return {
        content,
        finishReason:
          'text' in turn ? { unified: 'stop', raw: 'stop' } : { unified: 'tool-calls', raw: 'tool_calls' },
        usage: {
          inputTokens: {
            total: USAGE_PER_CALL.input,
            noCache: undefined,
            cacheRead: undefined,
            cacheWrite: undefined,
          },
          outputTokens: { total: USAGE_PER_CALL.output, text: undefined, reasoning: undefined },
        },
        warnings: [],
      };
    },
  });
  return { model, calls, seen };
}

function lastToolResults(options: LanguageModelV4CallOptions): SeenToolResult[] {
  const last = options.prompt.at(-1);
  if (last?.role !== 'tool') return [];
  return last.content.flatMap((part) =>
    part.type === 'tool-result'
      ? [{ toolName: part.toolName, type: part.output.type, value: outputValue(part.output) }]
      : [],
  );
}

function outputValue(output: { type: string; value?: unknown }): string {
  return typeof output.value === 'string' ? output.value : JSON.stringify(output.value);
}

/** The system and user text of a call. */
export function promptOf(options: LanguageModelV4CallOptions): { system: string; user: string } {
  const text = (role: string) =>
    options.prompt
      .filter((message) => message.role === role)
      .map((message) =>
        typeof message.content === 'string'
          ? message.content
          : message.content.map((part) => ('text' in part ? part.text : '')).join(''),
      )
      .join('\n');
  return { system: text('system'), user: text('user') };
}
