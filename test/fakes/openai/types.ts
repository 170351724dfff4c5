/** Which OpenAI endpoint a request hit. */
export type FakeApi = 'chat' | 'responses';

export interface FakeToolCall {
  name: string;
  args: Record<string, unknown>;
  /** Call id the model "chose"; generated (call_fake_N) when omitted. */
  id?: string;
}

export interface FakeErrorSpec {
  status: 429 | 500 | 400;
  message: string;
  /** Sent as the `retry-after` header. 429 defaults to 1 s; 0 makes the SDK retry at once. */
  retryAfterSeconds?: number;
}

/** A scripted answer. Every variant may carry `delayMs` to answer late (timeout tests). */
export type FakeReply = (
  | { text: string }
  | { json: unknown }
  | { toolCalls: FakeToolCall[]; text?: string }
  | { raw: string }
  | { error: FakeErrorSpec }
) & { delayMs?: number };

export type FakeHandler = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

/** Where the answer to a request came from. */
export type AnsweredBy = 'queue' | 'handler' | 'default' | 'unauthorized';

export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface RecordedRequest {
  api: FakeApi;
  model: string | undefined;
  /** The parsed JSON body exactly as the SDK sent it. */
  body: Record<string, unknown>;
  stream: boolean;
  /** Concatenated text of every input message (see message-text.ts for what counts). */
  messagesText: string;
  /** Text of the last user message, handy for content-dependent handlers. */
  lastUserText: string;
  headers: { authorization: string | undefined };
  answeredBy: AnsweredBy;
  /** Token counts the fake reported; undefined until a successful answer was sent. */
  usage: FakeUsage | undefined;
}

/** A reply reduced to what the wire formats need. */
export type ResolvedAnswer =
  | { kind: 'message'; text: string; toolCalls: ResolvedToolCall[] }
  | { kind: 'error'; error: FakeErrorSpec };

export interface ResolvedToolCall {
  id: string;
  name: string;
  /** JSON-encoded arguments, as OpenAI sends them. */
  arguments: string;
}

/** Everything a wire-format writer needs to produce one answer. */
export interface AnswerContext {
  model: string;
  text: string;
  toolCalls: ResolvedToolCall[];
  usage: FakeUsage;
  /** Unique per answer, used to build response/item ids. */
  serial: number;
  createdAt: number;
}
