import type { ServerResponse } from 'node:http';
import { sendChatCompletion, streamChatCompletion } from './chat-completions.ts';
import { SseWriter, sendOpenAIError } from './http-io.ts';
import { sendResponse, streamResponse } from './responses-api.ts';
import { answerTokenText, estimateTokens } from './tokens.ts';
import type { AnswerContext, FakeErrorSpec, RecordedRequest, ResolvedAnswer } from './types.ts';

/**
 * Sends a resolved answer in the wire format of the API the request hit (JSON or SSE),
 * and stores the usage it reported on the recorded request.
 */
export function sendAnswer(
  response: ServerResponse,
  recorded: RecordedRequest,
  answer: ResolvedAnswer,
  serial: number,
): void {
  if (answer.kind === 'error') {
    sendScriptedError(response, answer.error);
    return;
  }
  const usage = {
    inputTokens: estimateTokens(recorded.messagesText),
    outputTokens: estimateTokens(answerTokenText(answer.text, answer.toolCalls)),
  };
  recorded.usage = usage;
  const context: AnswerContext = {
    model: recorded.model ?? 'fake-model',
    text: answer.text,
    toolCalls: answer.toolCalls,
    usage,
    serial,
    createdAt: Math.floor(Date.now() / 1000),
  };
  const { api, stream, body } = recorded;
  if (api === 'chat' && stream) {
    const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
    streamChatCompletion(new SseWriter(response), context, streamOptions?.include_usage === true);
  } else if (api === 'chat') sendChatCompletion(response, context);
  else if (stream) streamResponse(new SseWriter(response), context);
  else sendResponse(response, context);
}

/** Scripted HTTP error; 429 carries `retry-after` (1 s unless scripted), others only when scripted. */
function sendScriptedError(response: ServerResponse, error: FakeErrorSpec): void {
  const retryAfter = error.retryAfterSeconds ?? (error.status === 429 ? 1 : undefined);
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
  sendOpenAIError(response, error.status, error.message, headers);
}
