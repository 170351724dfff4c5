export { DEFAULT_REPLY_TEXT } from './script.ts';
export { createFakeOpenAI, FakeOpenAI, type FakeOpenAIOptions } from './server.ts';
export { estimateTokens } from './tokens.ts';
export type {
  AnsweredBy,
  FakeApi,
  FakeErrorSpec,
  FakeHandler,
  FakeReply,
  FakeToolCall,
  FakeUsage,
  RecordedRequest,
} from './types.ts';
