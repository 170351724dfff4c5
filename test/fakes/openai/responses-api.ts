import type { ServerResponse } from 'node:http';
import { type SseWriter, sendJson } from './http-io.ts';
import { splitIntoDeltas } from './script.ts';
import type { AnswerContext } from './types.ts';

/** Wire format of POST /v1/responses, as @ai-sdk/openai's responses model parses it. */

const responseId = (context: AnswerContext) => `resp_fake_${context.serial}`;
const messageId = (context: AnswerContext) => `msg_fake_${context.serial}`;
const functionCallItemId = (context: AnswerContext, index: number) => `fc_fake_${context.serial}_${index}`;

function messageItem(context: AnswerContext, status: 'in_progress' | 'completed') {
  const content = status === 'completed' ? [outputTextPart(context.text)] : [];
  return { type: 'message', id: messageId(context), status, role: 'assistant', content };
}

function outputTextPart(text: string) {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

function functionCallItems(context: AnswerContext, status: 'in_progress' | 'completed') {
  return context.toolCalls.map((call, index) => ({
    type: 'function_call',
    id: functionCallItemId(context, index),
    call_id: call.id,
    name: call.name,
    arguments: status === 'completed' ? call.arguments : '',
    status,
  }));
}

/** The message item (if there is text) comes first, then one function_call item per tool call. */
function outputItems(context: AnswerContext) {
  const message =
    context.text === '' && context.toolCalls.length > 0 ? [] : [messageItem(context, 'completed')];
  return [...message, ...functionCallItems(context, 'completed')];
}

export function responseBody(context: AnswerContext, status: 'in_progress' | 'completed') {
  const { inputTokens, outputTokens } = context.usage;
  const completed = status === 'completed';
  return {
    id: responseId(context),
    object: 'response',
    created_at: context.createdAt,
    status,
    model: context.model,
    error: null,
    incomplete_details: null,
    output: completed ? outputItems(context) : [],
    usage: completed
      ? {
          input_tokens: inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: inputTokens + outputTokens,
        }
      : null,
  };
}

export function sendResponse(response: ServerResponse, context: AnswerContext): void {
  sendJson(response, 200, responseBody(context, 'completed'));
}

/**
 * Streams the Responses API event sequence: response.created, response.in_progress, per output
 * item output_item.added -> deltas -> *.done -> output_item.done, then response.completed
 * carrying the usage. Every event has `type` and `sequence_number`, like the real API.
 */
export function streamResponse(sse: SseWriter, context: AnswerContext): void {
  let sequence = 0;
  const emit = (type: string, fields: Record<string, unknown>) =>
    sse.send({ type, sequence_number: sequence++, ...fields }, type);

  emit('response.created', { response: responseBody(context, 'in_progress') });
  emit('response.in_progress', { response: responseBody(context, 'in_progress') });

  let outputIndex = 0;
  const hasMessage = !(context.text === '' && context.toolCalls.length > 0);
  if (hasMessage) {
    const item_id = messageId(context);
    const at = { item_id, output_index: outputIndex, content_index: 0 };
    emit('response.output_item.added', {
      output_index: outputIndex,
      item: messageItem(context, 'in_progress'),
    });
    emit('response.content_part.added', { ...at, part: outputTextPart('') });
    for (const delta of splitIntoDeltas(context.text)) {
      emit('response.output_text.delta', { ...at, delta, logprobs: [] });
    }
    emit('response.output_text.done', { ...at, text: context.text, logprobs: [] });
    emit('response.content_part.done', { ...at, part: outputTextPart(context.text) });
    emit('response.output_item.done', { output_index: outputIndex, item: messageItem(context, 'completed') });
    outputIndex++;
  }

  const pending = functionCallItems(context, 'in_progress');
  functionCallItems(context, 'completed').forEach((item, index) => {
    const output_index = outputIndex++;
    emit('response.output_item.added', { output_index, item: pending[index] });
    emit('response.function_call_arguments.delta', { item_id: item.id, output_index, delta: item.arguments });
    emit('response.function_call_arguments.done', {
      item_id: item.id,
      output_index,
      arguments: item.arguments,
    });
    emit('response.output_item.done', { output_index, item });
  });

  emit('response.completed', { response: responseBody(context, 'completed') });
  sse.end();
}
