import type { FakeApi } from './types.ts';

/**
 * Flattens the input messages of a request into plain text, one message per line.
 *
 * What counts as message text (for both APIs): string contents and text parts of every
 * message (system/developer/user/assistant/tool), the JSON arguments of assistant tool
 * calls, and tool results. Responses API `instructions` count too; `item_reference`
 * items and non-text parts (images, files) do not.
 */
export interface MessageText {
  messagesText: string;
  lastUserText: string;
}

export function extractMessageText(api: FakeApi, body: Record<string, unknown>): MessageText {
  return api === 'chat' ? fromChatBody(body) : fromResponsesBody(body);
}

function fromChatBody(body: Record<string, unknown>): MessageText {
  const lines: string[] = [];
  let lastUserText = '';
  for (const message of asArray(body.messages)) {
    const record = asRecord(message);
    const text = contentText(record.content);
    if (record.role === 'user') lastUserText = text;
    if (text !== '') lines.push(text);
    for (const call of asArray(record.tool_calls)) {
      const args = asRecord(asRecord(call).function).arguments;
      if (typeof args === 'string') lines.push(args);
    }
  }
  return { messagesText: lines.join('\n'), lastUserText };
}

function fromResponsesBody(body: Record<string, unknown>): MessageText {
  const lines: string[] = [];
  let lastUserText = '';
  if (typeof body.instructions === 'string') lines.push(body.instructions);
  const input =
    typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : asArray(body.input);
  for (const item of input) {
    const record = asRecord(item);
    let text = '';
    if (record.type === 'function_call') text = stringOr(record.arguments);
    else if (record.type === 'function_call_output') text = contentText(record.output);
    else if (record.role !== undefined) text = contentText(record.content);
    if (record.role === 'user') lastUserText = text;
    if (text !== '') lines.push(text);
  }
  return { messagesText: lines.join('\n'), lastUserText };
}

/** A content value is either a string or an array of parts; only parts with `text` count. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => stringOr(asRecord(part).text))
    .filter((text) => text !== '')
    .join('\n');
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
