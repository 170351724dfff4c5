import type { ServerResponse } from 'node:http';
import { type SseWriter, sendJson } from './http-io.ts';
import { splitIntoDeltas } from './script.ts';
import type { AnswerContext } from './types.ts';

/** Wire format of POST /v1/chat/completions, as @ai-sdk/openai's chat model parses it. */

function chatUsage(context: AnswerContext) {
  const { inputTokens, outputTokens } = context.usage;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

function finishReason(context: AnswerContext): 'tool_calls' | 'stop' {
  return context.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}

function completionId(context: AnswerContext): string {
  return `chatcmpl-fake-${context.serial}`;
}

export function chatCompletionBody(context: AnswerContext) {
  const toolCalls = context.toolCalls.map((call) => ({
    id: call.id,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  }));
  return {
    id: completionId(context),
    object: 'chat.completion',
    created: context.createdAt,
    model: context.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          // OpenAI sends null content when the model only calls tools
          content: context.text === '' && toolCalls.length > 0 ? null : context.text,
          refusal: null,
          ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
        },
        logprobs: null,
        finish_reason: finishReason(context),
      },
    ],
    usage: chatUsage(context),
  };
}

export function sendChatCompletion(response: ServerResponse, context: AnswerContext): void {
  sendJson(response, 200, chatCompletionBody(context));
}

/**
 * Streams the answer as `chat.completion.chunk`s: a role chunk, text deltas, tool-call
 * deltas (id + name first, then the arguments in two halves), a finish chunk, the usage
 * chunk (only when `stream_options.include_usage`), then `[DONE]`.
 */
export function streamChatCompletion(sse: SseWriter, context: AnswerContext, includeUsage: boolean): void {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id: completionId(context),
    object: 'chat.completion.chunk',
    created: context.createdAt,
    model: context.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });

  sse.send(chunk({ role: 'assistant' }));
  for (const piece of splitIntoDeltas(context.text)) sse.send(chunk({ content: piece }));
  context.toolCalls.forEach((call, index) => {
    const opening = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    sse.send(chunk({ tool_calls: [opening] }));
    const half = Math.ceil(call.arguments.length / 2);
    for (const part of [call.arguments.slice(0, half), call.arguments.slice(half)]) {
      if (part !== '') sse.send(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    }
  });
  sse.send(chunk({}, finishReason(context)));
  if (includeUsage) {
    sse.send({
      id: completionId(context),
      object: 'chat.completion.chunk',
      created: context.createdAt,
      model: context.model,
      choices: [],
      usage: chatUsage(context),
    });
  }
  sse.sendDone();
  sse.end();
}
