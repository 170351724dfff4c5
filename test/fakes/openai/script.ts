import type { AnsweredBy, FakeHandler, FakeReply, RecordedRequest, ResolvedAnswer } from './types.ts';

/** The answer given when nothing is scripted. */
export const DEFAULT_REPLY_TEXT = 'ok';

/**
 * Decides what the fake answers: scripted replies first (in order), then the handler,
 * then the fixed default text "ok" (which the request records as answeredBy: 'default').
 */
export class ReplyScript {
  #queue: FakeReply[] = [];
  #handler: FakeHandler | undefined;

  enqueue(...replies: FakeReply[]): void {
    this.#queue.push(...replies);
  }

  setHandler(handler: FakeHandler | undefined): void {
    this.#handler = handler;
  }

  get pending(): number {
    return this.#queue.length;
  }

  reset(): void {
    this.#queue = [];
    this.#handler = undefined;
  }

  async next(request: RecordedRequest): Promise<{ reply: FakeReply; answeredBy: AnsweredBy }> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return { reply: queued, answeredBy: 'queue' };
    if (this.#handler !== undefined) return { reply: await this.#handler(request), answeredBy: 'handler' };
    return { reply: { text: DEFAULT_REPLY_TEXT }, answeredBy: 'default' };
  }
}

/** Reduces a reply to text + tool calls (or an error), which is all the wire formats need. */
export function resolveAnswer(reply: FakeReply, nextCallId: () => string): ResolvedAnswer {
  if ('error' in reply) return { kind: 'error', error: reply.error };
  if ('toolCalls' in reply) {
    const toolCalls = reply.toolCalls.map((call) => ({
      id: call.id ?? nextCallId(),
      name: call.name,
      arguments: JSON.stringify(call.args),
    }));
    return { kind: 'message', text: reply.text ?? '', toolCalls };
  }
  if ('json' in reply) return { kind: 'message', text: JSON.stringify(reply.json), toolCalls: [] };
  if ('raw' in reply) return { kind: 'message', text: reply.raw, toolCalls: [] };
  return { kind: 'message', text: reply.text, toolCalls: [] };
}

/**
 * Splits text into word-sized pieces (whitespace stays attached) so streamed answers
 * arrive as several deltas whose order can be asserted.
 */
export function splitIntoDeltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}
