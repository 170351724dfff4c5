import { createOpenAI, type OpenAIProvider } from '@ai-sdk/openai';
import {
  APICallError,
  generateText,
  isStepCount,
  type LanguageModel,
  NoObjectGeneratedError,
  Output,
  streamText,
  tool,
} from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeOpenAI, estimateTokens, type FakeOpenAI } from '../../fakes/openai/index.ts';

// Smoke test of the fake OpenAI server through the real AI SDK (`ai` 7 + `@ai-sdk/openai` 4),
// once over Chat Completions and once over the Responses API.

const API_KEY = 'sk-fake-test-key';
const MODEL = 'gpt-4o-mini';

let fake: FakeOpenAI;
let openai: OpenAIProvider;

beforeAll(async () => {
  fake = await createFakeOpenAI({ apiKey: API_KEY });
  openai = createOpenAI({ baseURL: fake.baseURL, apiKey: API_KEY });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const apis = [
  { api: 'chat', model: (): LanguageModel => openai.chat(MODEL) },
  { api: 'responses', model: (): LanguageModel => openai.responses(MODEL) },
] as const;

type Body = Record<string, unknown>;
const items = (value: unknown) => value as Body[];

describe.each(apis)('through the $api API', ({ api, model }) => {
  it('generateText returns the scripted text and the usage the fake computed', async () => {
    fake.enqueue({ text: 'Hello from the fake model' });

    const result = await generateText({ model: model(), system: 'Be brief.', prompt: 'Say hello please' });

    expect(result.text).toBe('Hello from the fake model');
    const [request] = fake.requests;
    expect(request).toMatchObject({ api, model: MODEL, stream: false, answeredBy: 'queue' });
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.messagesText).toBe('Be brief.\nSay hello please');
    // ceil(chars / 4): 26 prompt characters -> 7 tokens, 25 answer characters -> 7 tokens
    expect(result.usage.inputTokens).toBe(7);
    expect(result.usage.outputTokens).toBe(7);
    expect(estimateTokens(request?.messagesText ?? '')).toBe(7);
    expect(request?.usage).toEqual({
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
    });
  });

  it('streamText yields the scripted text as several deltas, in order, with usage', async () => {
    fake.enqueue({ text: 'one two three four' });

    const result = streamText({ model: model(), prompt: 'Count to four' });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);

    expect(deltas).toEqual(['one ', 'two ', 'three ', 'four']);
    // 'Count to four' = 13 chars -> 4 tokens; 'one two three four' = 18 chars -> 5 tokens
    expect(await result.usage).toMatchObject({ inputTokens: 4, outputTokens: 5 });
    expect(fake.requests[0]?.stream).toBe(true);
  });

  it('structured output parses a scripted { json } into a typed object', async () => {
    const ticket = z.object({ title: z.string(), priority: z.number().int() });
    fake.enqueue({ json: { title: 'Fix login', priority: 2 } });

    const result = await generateText({
      model: model(),
      prompt: 'Make a ticket',
      output: Output.object({ schema: ticket }),
    });

    const title: string = result.output.title; // compile-time check that the output is typed
    expect(title).toBe('Fix login');
    expect(result.output).toEqual({ title: 'Fix login', priority: 2 });
    const body = fake.requests[0]?.body ?? {};
    const format = api === 'chat' ? (body.response_format as Body) : ((body.text as Body).format as Body);
    expect(format.type).toBe('json_schema');
  });

  it('a scripted { raw } that is not JSON makes structured output throw NoObjectGeneratedError', async () => {
    fake.enqueue({ raw: 'not json' });

    const error = await generateText({
      model: model(),
      prompt: 'Make a ticket',
      output: Output.object({ schema: z.object({ title: z.string() }) }),
    }).catch((caught: unknown) => caught);

    expect(NoObjectGeneratedError.isInstance(error)).toBe(true);
    expect((error as NoObjectGeneratedError).text).toBe('not json');
  });

  it('the SDK retries a 500 and reaches the scripted success', async () => {
    // retry-after: 0 makes the SDK retry at once instead of its 2 s backoff
    fake.enqueue({ error: { status: 500, message: 'boom', retryAfterSeconds: 0 } }, { text: 'recovered' });

    const result = await generateText({ model: model(), prompt: 'Try again', maxRetries: 1 });

    expect(result.text).toBe('recovered');
    expect(fake.requests).toHaveLength(2);
  });

  it('a 429 with maxRetries: 0 throws APICallError 429 carrying retry-after', async () => {
    fake.enqueue({ error: { status: 429, message: 'slow down', retryAfterSeconds: 7 } });

    const error = await generateText({ model: model(), prompt: 'Hurry', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );

    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError.statusCode).toBe(429);
    expect(apiError.message).toBe('slow down');
    expect(apiError.responseHeaders?.['retry-after']).toBe('7');
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    ['generateText', false],
    ['streamText', true],
  ] as const)(
    'a tool call round trip via %s executes the tool and sends its result back',
    async (_name, streamed) => {
      const executedFor: string[] = [];
      const tools = {
        weather: tool({
          description: 'Weather for a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            executedFor.push(city);
            return { city, forecast: 'sunny' };
          },
        }),
      };
      fake.enqueue(
        { toolCalls: [{ name: 'weather', args: { city: 'Paris' }, id: 'call_weather_1' }] },
        { text: 'It is sunny in Paris.' },
      );

      const options = { model: model(), prompt: 'Weather in Paris?', tools, stopWhen: isStepCount(2) };
      const text = streamed ? await streamText(options).text : (await generateText(options)).text;

      expect(executedFor).toEqual(['Paris']);
      expect(text).toBe('It is sunny in Paris.');
      expect(fake.requests).toHaveLength(2);
      const second = fake.requests[1]?.body ?? {};
      if (api === 'chat') {
        const toolMessage = items(second.messages).find((message) => message.role === 'tool');
        expect(toolMessage?.tool_call_id).toBe('call_weather_1');
        expect(JSON.parse(String(toolMessage?.content))).toEqual({ city: 'Paris', forecast: 'sunny' });
      } else {
        const output = items(second.input).find((item) => item.type === 'function_call_output');
        expect(output?.call_id).toBe('call_weather_1');
        expect(JSON.parse(String(output?.output))).toEqual({ city: 'Paris', forecast: 'sunny' });
      }
      expect(fake.requests[1]?.messagesText).toContain('"forecast":"sunny"');
    },
  );

  it('answers "ok" when nothing is scripted and records that', async () => {
    const result = await generateText({ model: model(), prompt: 'Anything?' });

    expect(result.text).toBe('ok');
    expect(fake.requests[0]?.answeredBy).toBe('default');
    expect(fake.unscriptedCount).toBe(1);
  });
});

describe('fake OpenAI scripting and auth', () => {
  it('a handler answers from the last user message', async () => {
    fake.setHandler((request) => ({ text: `echo: ${request.lastUserText}` }));

    const first = await generateText({ model: openai.chat(MODEL), prompt: 'ping' });
    const second = await generateText({ model: openai.responses(MODEL), prompt: 'pong' });

    expect([first.text, second.text]).toEqual(['echo: ping', 'echo: pong']);
    expect(fake.requests.map((request) => request.answeredBy)).toEqual(['handler', 'handler']);
  });

  it('a 429 without retryAfterSeconds still carries retry-after: 1', async () => {
    fake.enqueue({ error: { status: 429, message: 'rate limited' } });

    const error = await generateText({ model: openai.chat(MODEL), prompt: 'Hi', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );

    expect((error as APICallError).statusCode).toBe(429);
    expect((error as APICallError).responseHeaders?.['retry-after']).toBe('1');
  });

  it('a delayed reply lets the caller time out', async () => {
    fake.enqueue({ delayMs: 5_000, text: 'too late' });

    const started = Date.now();
    const error = await generateText({
      model: openai.chat(MODEL),
      prompt: 'Slow?',
      timeout: 200,
      maxRetries: 0,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(fake.requests).toHaveLength(1);
  });

  it('a wrong API key gets 401 in OpenAI error shape without consuming the queue', async () => {
    const wrongKey = createOpenAI({ baseURL: fake.baseURL, apiKey: 'sk-wrong' });
    fake.enqueue({ text: 'for the right key only' });

    const error = await generateText({ model: wrongKey.chat(MODEL), prompt: 'Let me in' }).catch(
      (caught: unknown) => caught,
    );

    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(401);
    expect(JSON.parse(String((error as APICallError).responseBody)).error.code).toBe('invalid_api_key');
    expect(fake.requests[0]?.answeredBy).toBe('unauthorized');
    expect(fake.pendingReplies).toBe(1);
  });

  it('a fake created without apiKey accepts any key (like Ollama)', async () => {
    const open = await createFakeOpenAI();
    try {
      const anyKey = createOpenAI({ baseURL: open.baseURL, apiKey: 'whatever' });
      open.enqueue({ text: 'welcome' });
      const result = await generateText({ model: anyKey.responses(MODEL), prompt: 'Hi' });
      expect(result.text).toBe('welcome');
      expect(open.requests[0]?.headers.authorization).toBe('Bearer whatever');
    } finally {
      await open.close();
    }
  });
});
