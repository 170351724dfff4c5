import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sampleRepo } from '../../e2e/sample-repo.ts';
import { FakeGitHub } from '../../fakes/github/index.ts';
import { createFakeOpenAI, type FakeOpenAI } from '../../fakes/openai/index.ts';
import {
  FAKE_BOT_TOKEN,
  FAKE_SIGNING_SECRET,
  type FakeSlack,
  startFakeSlack,
} from '../../fakes/slack/index.ts';
import { createScratchDatabase, dropScratchDatabase, serverUrl } from '../../helpers/database.ts';
import { specBody, stageAnswers } from '../../helpers/pipeline.ts';
import { trivialAgentCommand } from './agent-command.ts';
import { type BotProcess, botProcess } from './bot-process.ts';

export const REPO = 'acme/widgets';
export const CHANNEL = 'C0RELIABLE';
export const REQUESTER = { id: 'U0REQUESTER', name: 'alice' };
export const APPROVER = { id: 'U0APPROVER', name: 'bob' };
const OPENAI_KEY = 'sk-reliability-0123456789abcdef';
/** Every bot's output (all its lives) is written here as it comes, one file per bot name. */
const LOGS = 'test-artifacts/reliability';

/**
 * The sample repository plus a test that takes a second, so a run spends a visible moment in its
 * baseline and its validation (where a crash test wants to hit it).
 */
const slowRepo: Record<string, string> = {
  ...sampleRepo,
  'test/slow.test.js':
    "import { test } from 'node:test';\ntest('waits a second', () => new Promise((done) => setTimeout(done, 1000)));\n",
};

export interface SpawnedWorld {
  slack: FakeSlack;
  openai: FakeOpenAI;
  github: FakeGitHub;
  /** The scratch PostgreSQL database, or undefined on the embedded engine. */
  databaseUrl: string | undefined;
  /** A bot process on this world's fakes and database; `dataDir` defaults to one shared directory. */
  bot(name: string, env?: Record<string, string>): BotProcess;
  /** Runs SQL on the scratch database (PostgreSQL only) from the test process. */
  query<R extends object>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Seconds the trivial agent takes after writing its change. */
  agentSeconds?: number;
  /** PostgreSQL when true (needs DATABASE_URL), the embedded PGlite in the data directory otherwise. */
  postgres: boolean;
}

/**
 * Fakes run by the test process (Slack, an OpenAI-compatible model, GitHub with real bare repos) and
 * a database that outlives every bot process. Spec titles carry the request's `task-<n>` tag, so each
 * thread's pull request can be told apart.
 */
export async function startSpawnedWorld(options: WorldOptions): Promise<SpawnedWorld> {
  const cleanups: (() => unknown)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const slack = await startFakeSlack({
      channels: [{ id: CHANNEL, name: 'reliability' }],
      users: [REQUESTER, APPROVER],
    });
    cleanups.push(() => slack.close());
    const openai = await createFakeOpenAI({ apiKey: OPENAI_KEY });
    cleanups.push(() => openai.close());
    const answer = stageAnswers();
    openai.setHandler((request) => {
      const prompt = request.messagesText;
      // The tag of the request itself (the conversation around it may name other tags).
      const tag = /(?:Request \(|Work item: )[\s\S]*?\b([a-z]+-\d+)\b/.exec(prompt)?.[1] ?? 'untagged';
      if (prompt.includes('You turn a team chat request'))
        return { json: { title: `Add mul for ${tag}`, summary: 'A mul function.', actionable: true } };
      if (prompt.includes('You write a scoped specification'))
        return { json: { ...specBody(`Add mul for ${tag}`), scope: ['src/mul.js', 'test/mul.test.js'] } };
      return { json: answer(prompt) };
    });
    const github = await FakeGitHub.start();
    cleanups.push(() => github.close());
    await github.createRepo(REPO, { files: slowRepo });

    const server = serverUrl();
    if (options.postgres && !server) throw new Error('PostgreSQL needs DATABASE_URL');
    const databaseUrl = options.postgres && server ? await createScratchDatabase(server) : undefined;
    if (server && databaseUrl)
      cleanups.push(() => dropScratchDatabase(server, new URL(databaseUrl).pathname.slice(1)));
    const sharedDir = mkdtempSync(join(tmpdir(), 'codecot-reliability-'));
    cleanups.push(() => rmSync(sharedDir, { recursive: true, force: true }));

    const baseEnv: Record<string, string> = {
      CODECOT_DATA_DIR: sharedDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
      SLACK_SIGNING_SECRET: FAKE_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: openai.baseURL,
      CODECOT_MODEL: 'gpt-reliability',
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
      CODECOT_DEFAULT_REPO: REPO,
      CODECOT_APPROVERS: `slack:${APPROVER.id}`,
      CODECOT_AGENT_COMMAND: trivialAgentCommand(options.agentSeconds ?? 2),
      CODECOT_SANDBOX: 'bwrap',
      CODECOT_MAX_ATTEMPTS: '1',
      CODECOT_QUIET_SECONDS: '1',
    };
    const bots: BotProcess[] = [];
    cleanups.push(async () => {
      for (const bot of bots) await bot.kill();
    });
    return {
      slack,
      openai,
      github,
      databaseUrl,
      bot(name, env = {}) {
        mkdirSync(LOGS, { recursive: true });
        const logFile = join(LOGS, `${name}.log`);
        writeFileSync(logFile, '');
        const bot = botProcess(name, { ...baseEnv, ...env }, logFile);
        bots.push(bot);
        return bot;
      },
      async query(text, values = []) {
        if (!databaseUrl) throw new Error('query needs PostgreSQL');
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          return (await client.query(text, values)).rows;
        } finally {
          await client.end();
        }
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
