import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { createBwrapSandbox } from '../../adapters/bwrap/index.ts';
import { createGitWorkspaces } from '../../adapters/git-workspace/index.ts';
import { createGitHubCodeHost } from '../../adapters/github/index.ts';
import { createGitHubWebhooks } from '../../adapters/github/webhooks/index.ts';
import { createModel } from '../../adapters/openai/index.ts';
import { type RunningCodecot, startCodecot } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import type { ExecutionDeps } from '../../src/pipeline/context.ts';
import type { ChatPlatform } from '../../src/ports/chat-platform.ts';
import {
  FakeGitHub,
  type FakeGitHubOptions,
  sendWebhook,
  type WebhookResponse,
} from '../fakes/github/index.ts';
import { createFakeOpenAI, type FakeOpenAI } from '../fakes/openai/index.ts';
import { createScratchDatabase, dropScratchDatabase, serverUrl } from '../helpers/database.ts';
import { stageAnswers } from '../helpers/pipeline.ts';
import { type SwitchableAgent, switchableAgent } from './agent.ts';
import { REPO, sampleRepo } from './sample-repo.ts';

/** What a platform's driver contributes: the variables pointing at its fake, and the adapter. */
export interface ChatSetup {
  env: Record<string, string>;
  /** Builds the adapter from the loaded config, exactly as src/main.ts does. */
  build(config: Config, logger: Logger): ChatPlatform;
}

export interface E2EWorld {
  codecot: RunningCodecot;
  github: FakeGitHub;
  openai: FakeOpenAI;
  agent: SwitchableAgent;
  /** The sample repository's bare git directory in the fake GitHub (for `git --git-dir`). */
  bareDir: string;
  /** Every execution (iteration) of every spec, oldest first. */
  executions(): Promise<ExecutionRow[]>;
  /** POSTs a delivery signed with GITHUB_WEBHOOK_SECRET to `/github/webhooks`, as GitHub does. */
  webhook(event: string, payload: unknown): Promise<WebhookResponse>;
  /** True when the inbox is empty and no job of `queue` is waiting or running (every event so far was worked). */
  idle(queue: string): Promise<boolean>;
  stop(): Promise<void>;
}

export interface ExecutionRow {
  id: string;
  state: string;
  version: number;
  iteration: number;
  trigger: string | null;
  branch: string | null;
  head_sha: string | null;
  base_sha: string | null;
  status_message_id: string | null;
}

const OPENAI_KEY = 'sk-e2e-key-0123456789abcdef';

/**
 * The whole product in-process: the real core (startCodecot) with the real chat adapter, the real
 * OpenAI provider against the fake OpenAI, the real Octokit code host against the fake GitHub, and
 * executions in the bwrap sandbox on git workspaces. Only the coding agent is scripted.
 */
export async function startE2EWorld(
  chat: ChatSetup,
  options: {
    approver: string;
    modelApi: 'chat' | 'responses';
    /** The model API key (the fake OpenAI demands it). */
    openaiKey?: string;
    github?: FakeGitHubOptions;
    /** More settings, applied last. */
    env?: Record<string, string>;
    /** Builds the logger from the loaded config (main.ts's order: registerSecrets, then createLogger). */
    logger?: (config: Config) => Logger;
  },
): Promise<E2EWorld> {
  const cleanups: (() => unknown)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const openaiKey = options.openaiKey ?? OPENAI_KEY;
    const openai = await createFakeOpenAI({ apiKey: openaiKey });
    cleanups.push(() => openai.close());
    const answer = stageAnswers();
    openai.setHandler((request) => ({ json: answer(request.messagesText) }));
    const github = await FakeGitHub.start(options.github);
    cleanups.push(() => github.close());
    const { bareDir } = await github.createRepo(REPO, { files: sampleRepo });
    const dataDir = mkdtempSync(join(tmpdir(), 'codecot-e2e-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const server = serverUrl();
    const scratch = server ? await createScratchDatabase(server) : undefined;
    if (server && scratch)
      cleanups.push(() => dropScratchDatabase(server, new URL(scratch).pathname.slice(1)));

    const config = loadConfig({
      PORT: '0',
      CODECOT_DATA_DIR: dataDir,
      DATABASE_URL: scratch,
      OPENAI_API_KEY: openaiKey,
      OPENAI_BASE_URL: openai.baseURL,
      CODECOT_MODEL: 'gpt-e2e',
      CODECOT_MODEL_API: options.modelApi,
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
      CODECOT_DEFAULT_REPO: REPO,
      CODECOT_APPROVERS: options.approver,
      CODECOT_QUIET_SECONDS: '1',
      CODECOT_MAX_ATTEMPTS: '2',
      CODECOT_SHUTDOWN_SECONDS: '5',
      ...chat.env,
      ...options.env,
    });
    const logger = options.logger?.(config) ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const agent = switchableAgent();
    const model = createModel(config.model);
    const execution = await buildExecution(config, logger, agent);
    const codecot = await startCodecot(config, logger, {
      chats: [chat.build(config, logger)],
      model,
      codeHost: execution.codeHost,
      execution,
      codeHostWebhooks: config.github?.webhookSecret
        ? createGitHubWebhooks({ secret: config.github.webhookSecret, logger })
        : undefined,
    });
    cleanups.push(() => codecot.stop());
    const webhookSecret = config.github?.webhookSecret;
    return {
      codecot,
      github,
      openai,
      agent,
      bareDir,
      executions: () =>
        codecot.store.db
          .selectFrom('executions as e')
          .innerJoin('spec_versions as v', 'v.id', 'e.spec_version_id')
          .select([
            'e.id',
            'e.state',
            'v.version',
            'e.iteration',
            'e.trigger',
            'e.branch',
            'e.head_sha',
            'e.base_sha',
            'e.status_message_id',
          ])
          .orderBy('e.created_at')
          .orderBy('e.iteration')
          .execute(),
      webhook(event, payload) {
        if (!webhookSecret) throw new Error('set GITHUB_WEBHOOK_SECRET: without it CI is only polled');
        const url = `http://127.0.0.1:${codecot.port}/github/webhooks`;
        return sendWebhook(url, event, payload, { secret: webhookSecret });
      },
      async idle(queue) {
        const { rows } = await sql<{ n: number }>`
          select (select count(*)::int from pgboss.job
            where name = ${queue} and state in ('created', 'retry', 'active'))
            + (select count(*)::int from inbox) as n`.execute(codecot.store.db);
        return rows[0]?.n === 0;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** src/main.ts's buildExecution with the scripted agent in place of the built-in one. */
async function buildExecution(
  config: Config,
  logger: Logger,
  agent: SwitchableAgent,
): Promise<ExecutionDeps> {
  if (!config.github?.token) throw new Error('GitHub should be configured with a token');
  const codeHost = createGitHubCodeHost({ token: config.github.token, apiUrl: config.github.apiUrl, logger });
  const sandbox = createBwrapSandbox();
  // main.ts disables executions when this fails; here that would only hide the cause.
  await sandbox.selfCheck();
  return {
    sandbox,
    agent,
    codeHost,
    workspaces: createGitWorkspaces({ dataDir: config.database.dataDir, logger }),
    maxAttempts: config.agent.maxAttempts,
    sandboxEnv: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8', CI: 'true' },
  };
}
