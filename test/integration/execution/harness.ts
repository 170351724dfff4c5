import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createBwrapSandbox } from '../../../adapters/bwrap/index.ts';
import { createGitWorkspaces } from '../../../adapters/git-workspace/index.ts';
import { createGitHubCodeHost } from '../../../adapters/github/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { createJobQueue, type JobQueue } from '../../../src/jobs/queue.ts';
import { ALL_QUEUES } from '../../../src/jobs/queues.ts';
import { startPipeline } from '../../../src/pipeline/index.ts';
import type { InboundSink } from '../../../src/ports/chat-platform.ts';
import type { CodingAgent } from '../../../src/ports/coding-agent.ts';
import { FakeGitHub } from '../../fakes/github/index.ts';
import { MemoryChat } from '../../fakes/memory-chat.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { scriptedModel } from '../../helpers/mock-model.ts';
import { events, person, ROUTING, stageAnswers } from '../../helpers/pipeline.ts';
import { waitFor } from '../../helpers/wait.ts';

export interface ExecutionWorld {
  sink: InboundSink;
  chat: MemoryChat;
  github: FakeGitHub;
  database: TestDatabase;
  queue: JobQueue;
  /** Mentions the bot, waits for the spec, approves it; resolves with the spec message. */
  requestAndApprove(text: string): Promise<void>;
  executions(): Promise<
    {
      id: string;
      state: string;
      attempt: number;
      validation_outcome: string | null;
      status_message_id: string | null;
    }[]
  >;
  dispose(): Promise<void>;
}

/** The real pipeline, bwrap sandbox, git workspaces and GitHub code host (against the fake GitHub). */
export async function startExecutionWorld(
  agent: CodingAgent,
  files: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ExecutionWorld> {
  const github = await FakeGitHub.start();
  await github.createRepo('acme/widgets', { files });
  const dataDir = mkdtempSync(join(tmpdir(), 'codecot-exec-'));
  const database = await createTestDatabase();
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const queue = createJobQueue(database.store, logger, {
    retryDelaySeconds: 0,
    retryLimit: 1,
    maintenanceSeconds: 1,
  });
  await queue.start(ALL_QUEUES);
  const chat = new MemoryChat('slack');
  const model = scriptedModel(stageAnswers());
  const config = loadConfig({
    CODECOT_APPROVERS: 'slack:UA',
    CODECOT_DEFAULT_REPO: 'acme/widgets',
    // The fake GitHub reports no CI unless a test sets checks: polls are quick and "no CI" is decided soon.
    CODECOT_CI_POLL_SECONDS: '1',
    CODECOT_CI_GRACE_SECONDS: '2',
    ...env,
  });
  const codeHost = createGitHubCodeHost({ token: github.token, apiUrl: github.url, logger });
  const sink = await startPipeline({
    db: database.store.db,
    queue,
    logger,
    config,
    chats: [chat],
    model: { model: model.model, modelName: 'mock-model' },
    codeHost,
    routing: ROUTING,
    execution: {
      sandbox: createBwrapSandbox(),
      agent,
      codeHost,
      workspaces: createGitWorkspaces({ dataDir, logger }),
      maxAttempts: config.agent.maxAttempts,
      sandboxEnv: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8', CI: 'true' },
    },
  });
  await chat.start(sink);
  return {
    sink,
    chat,
    github,
    database,
    queue,
    async requestAndApprove(text) {
      const mention = events.message(person('UREQ'), `<@UBOT> ${text}`, { mention: true });
      const before = chat.posts.length;
      await sink(mention);
      await waitFor(
        () => chat.posts.slice(before).some((p) => p.message.title?.startsWith('Spec v1')),
        20_000,
      );
      const spec = chat.posts.slice(before).find((p) => p.message.title?.startsWith('Spec v1'));
      if (!spec) throw new Error('no spec posted');
      await sink(events.reaction(person('UA'), spec.ref, 'white_check_mark'));
    },
    executions: () =>
      database.store.db
        .selectFrom('executions')
        .select(['id', 'state', 'attempt', 'validation_outcome', 'status_message_id'])
        .orderBy('created_at')
        .execute(),
    async dispose() {
      await sink.drainer.stop();
      await queue.stop(5_000);
      await database.dispose();
      await github.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
