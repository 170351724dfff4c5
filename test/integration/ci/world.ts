import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createBwrapSandbox } from '../../../adapters/bwrap/index.ts';
import { createGitWorkspaces } from '../../../adapters/git-workspace/index.ts';
import { createGitHubCodeHost } from '../../../adapters/github/index.ts';
import { createGitHubWebhooks } from '../../../adapters/github/webhooks/index.ts';
import { type RunningCodecot, startCodecot } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import type { InboundSink } from '../../../src/ports/chat-platform.ts';
import type { CodingAgent } from '../../../src/ports/coding-agent.ts';
import { FakeGitHub, sendWebhook, type WebhookResponse } from '../../fakes/github/index.ts';
import { MemoryChat } from '../../fakes/memory-chat.ts';
import { createScratchDatabase, dropScratchDatabase, serverUrl } from '../../helpers/database.ts';
import { scriptedModel } from '../../helpers/mock-model.ts';
import { stageAnswers } from '../../helpers/pipeline.ts';

export const REPO = 'acme/widgets';
export const SECRET = 'whsec-test-5b1f0c2e';

export interface CiWorld {
  codecot: RunningCodecot;
  github: FakeGitHub;
  chat: MemoryChat;
  sink: InboundSink;
  /** POSTs a signed delivery to Codecot's `/github/webhooks`. */
  webhook(
    event: string,
    payload: unknown,
    options?: Parameters<typeof sendWebhook>[3],
  ): Promise<WebhookResponse>;
  url: string;
  /** Where the executions' git workspaces and mirrors live. */
  dataDir: string;
  dispose(): Promise<void>;
}

/**
 * The whole core as `src/main.ts` starts it (startCodecot: one HTTP server with the webhook route,
 * the job queue, the pipeline), with the real Octokit code host and webhook verification against the
 * fake GitHub, bwrap and git workspaces; only the chat (in memory), the model and the agent are scripted.
 */
export async function startCiWorld(options: {
  agent?: CodingAgent;
  files?: Record<string, string>;
  env?: Record<string, string>;
}): Promise<CiWorld> {
  const github = await FakeGitHub.start();
  await github.createRepo(REPO, { files: options.files ?? { 'README.md': '# widgets\n' } });
  const dataDir = mkdtempSync(join(tmpdir(), 'codecot-ci-'));
  const server = serverUrl();
  const scratch = server ? await createScratchDatabase(server) : undefined;
  const config = loadConfig({
    PORT: '0',
    CODECOT_DATA_DIR: 'memory://',
    DATABASE_URL: scratch,
    GITHUB_TOKEN: github.token,
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: SECRET,
    CODECOT_APPROVERS: 'slack:UA',
    CODECOT_DEFAULT_REPO: REPO,
    CODECOT_SHUTDOWN_SECONDS: '5',
    CODECOT_CI_POLL_SECONDS: '1',
    CODECOT_CI_GRACE_SECONDS: '120',
    ...options.env,
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const codeHost = createGitHubCodeHost({ token: github.token, apiUrl: github.url, logger });
  const chat = new MemoryChat('slack');
  const model = scriptedModel(stageAnswers());
  const codecot = await startCodecot(config, logger, {
    chats: [chat],
    model: { model: model.model, modelName: 'mock-model' },
    codeHost,
    codeHostWebhooks: createGitHubWebhooks({ secret: SECRET, logger }),
    ...(options.agent
      ? {
          execution: {
            sandbox: createBwrapSandbox(),
            agent: options.agent,
            codeHost,
            workspaces: createGitWorkspaces({ dataDir, logger, spareCheckouts: false }),
            maxAttempts: config.agent.maxAttempts,
            sandboxEnv: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8', CI: 'true' },
          },
        }
      : {}),
  });
  const url = `http://127.0.0.1:${codecot.port}/github/webhooks`;
  const sink = chat.sink;
  if (!sink) throw new Error('the chat was not started');
  return {
    codecot,
    github,
    chat,
    sink,
    url,
    dataDir,
    webhook: (event, payload, sendOptions = { secret: SECRET }) =>
      sendWebhook(url, event, payload, sendOptions),
    async dispose() {
      await codecot.stop();
      await github.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (server && scratch) await dropScratchDatabase(server, new URL(scratch).pathname.slice(1));
    },
  };
}
