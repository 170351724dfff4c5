import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendAnswer } from './answer.ts';
import { delayUnlessClosed, readBody, sendOpenAIError } from './http-io.ts';
import { extractMessageText } from './message-text.ts';
import { ReplyScript, resolveAnswer } from './script.ts';
import type { FakeApi, FakeHandler, FakeReply, RecordedRequest } from './types.ts';
import { waitForCount } from './wait.ts';

export interface FakeOpenAIOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (else 401). Omit for no check, like Ollama. */
  apiKey?: string;
}

const ROUTES: Record<string, FakeApi> = { '/v1/chat/completions': 'chat', '/v1/responses': 'responses' };

/** A scriptable OpenAI-compatible server on 127.0.0.1 (random port). Point the provider at `baseURL`. */
export class FakeOpenAI {
  readonly #server: Server;
  readonly #apiKey: string | undefined;
  readonly #script = new ReplyScript();
  #requests: RecordedRequest[] = [];
  #serial = 0;

  constructor(server: Server, options: FakeOpenAIOptions) {
    this.#server = server;
    this.#apiKey = options.apiKey;
    server.on('request', (request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendOpenAIError(response, 500, `fake crashed: ${String(error)}`);
        else response.destroy();
      });
    });
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** What to pass as `createOpenAI({ baseURL })`. */
  get baseURL(): string {
    return `${this.url}/v1`;
  }

  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  /** Scripted replies not consumed yet. */
  get pendingReplies(): number {
    return this.#script.pending;
  }

  /** How many requests found nothing scripted and got the default "ok". */
  get unscriptedCount(): number {
    return this.#requests.filter((request) => request.answeredBy === 'default').length;
  }

  enqueue(...replies: FakeReply[]): void {
    this.#script.enqueue(...replies);
  }

  /** Answers requests once the queue is empty; pass undefined to remove. */
  setHandler(handler: FakeHandler | undefined): void {
    this.#script.setHandler(handler);
  }

  /** Resolves once at least `count` requests were recorded (recorded on arrival, before any delay). */
  waitForRequests(count: number, timeoutMs = 5_000): Promise<readonly RecordedRequest[]> {
    return waitForCount(() => this.#requests, count, timeoutMs);
  }

  /** Forgets recorded requests, the queue and the handler. */
  reset(): void {
    this.#requests = [];
    this.#script.reset();
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
      this.#server.closeAllConnections(); // also ends delayed answers still waiting
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const api = ROUTES[path];
    if (request.method !== 'POST' || api === undefined) {
      sendOpenAIError(response, 404, `fake OpenAI: no route for ${request.method} ${path}`);
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    } catch {
      sendOpenAIError(response, 400, 'fake OpenAI: request body is not JSON');
      return;
    }
    const recorded = this.#record(api, body, request.headers.authorization);

    if (this.#apiKey !== undefined && recorded.headers.authorization !== `Bearer ${this.#apiKey}`) {
      recorded.answeredBy = 'unauthorized';
      sendOpenAIError(response, 401, 'Incorrect API key provided.');
      return;
    }

    const { reply, answeredBy } = await this.#script.next(recorded);
    recorded.answeredBy = answeredBy;
    if (reply.delayMs !== undefined && !(await delayUnlessClosed(response, reply.delayMs))) return;

    const answer = resolveAnswer(reply, () => `call_fake_${++this.#serial}`);
    sendAnswer(response, recorded, answer, ++this.#serial);
  }

  #record(api: FakeApi, body: Record<string, unknown>, authorization: string | undefined): RecordedRequest {
    const recorded: RecordedRequest = {
      api,
      model: typeof body.model === 'string' ? body.model : undefined,
      body,
      stream: body.stream === true,
      ...extractMessageText(api, body),
      headers: { authorization },
      answeredBy: 'default',
      usage: undefined,
    };
    this.#requests.push(recorded);
    return recorded;
  }
}

export async function createFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return new FakeOpenAI(server, options);
}
