import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createBwrapSandbox } from '../../../adapters/bwrap/index.ts';
import { createGitWorkspaces } from '../../../adapters/git-workspace/index.ts';
import { createLocalGitCodeHost } from '../../../adapters/local-git/index.ts';
import { createModel } from '../../../adapters/openai/index.ts';
import { playgroundNotices } from '../../../adapters/playground/defaults.ts';
import { createPlaygroundAdapter } from '../../../adapters/playground/index.ts';
import { localPullsOf, prepareConfig, publicBaseUrl } from '../../../adapters/playground/setup.ts';
import { type RunningCodecot, startCodecot } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createAccessGuard, localPullPath } from '../../../src/dashboard/index.ts';
import { createFakeOpenAI, type FakeOpenAI } from '../../fakes/openai/index.ts';
import { createScratchDatabase, dropScratchDatabase, serverUrl } from '../../helpers/database.ts';
import { specBody, stageAnswers } from '../../helpers/pipeline.ts';
import { scriptedAgent } from '../../helpers/scripted-agent.ts';

const MUL_TEST = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mul } from '../src/mul.js';

test('mul multiplies', () => {
  assert.equal(mul(6, 7), 42);
});
`;
/** What the scripted agent writes: a passing change to the sample repository. */
export const MUL_CHANGE = {
  'src/mul.js': '/** Multiplies two numbers. */\nexport function mul(a, b) {\n  return a * b;\n}\n',
  'test/mul.test.js': MUL_TEST,
};

export interface PlaygroundCore {
  base: string;
  codecot: RunningCodecot;
  model: FakeOpenAI;
  stop(): Promise<void>;
}

/**
 * The real core as `npm start` runs it for the playground default: sample repository seeded in a fresh
 * data directory, local-git code host, bwrap sandbox, git workspaces; the model is the fake OpenAI
 * server answering each stage, and the coding agent is scripted to write MUL_CHANGE.
 */
export async function startPlaygroundCore(): Promise<PlaygroundCore> {
  const model = await createFakeOpenAI();
  const answer = stageAnswers({
    extract: {
      title: 'Add a mul function',
      summary: 'The widgets library needs mul(a, b).',
      actionable: true,
    },
    spec: {
      ...specBody('Add a mul function'),
      problem: 'There is no way to multiply two numbers.',
      scope: ['src/mul.js', 'test/mul.test.js'],
      acceptanceCriteria: ['mul(6, 7) returns 42', 'a test covers mul'],
      validationPlan: ['node --test'],
    },
  });
  model.setHandler((request) => ({ json: answer(request.messagesText) }));
  const dataDir = mkdtempSync(join(tmpdir(), 'codecot-browser-'));
  const server = serverUrl();
  const scratch = server ? await createScratchDatabase(server) : undefined;
  const config = loadConfig({
    PORT: '0',
    CODECOT_DATA_DIR: dataDir,
    DATABASE_URL: scratch,
    OPENAI_BASE_URL: model.baseURL,
    CODECOT_MODEL: 'gpt-5-mini',
    CODECOT_MODEL_API: 'chat',
    CODECOT_SHUTDOWN_SECONDS: '5',
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const settings = await prepareConfig(config, logger);
  const codeHost = createLocalGitCodeHost({ root: settings.localGitRoot as string, logger });
  const sandbox = createBwrapSandbox();
  await sandbox.selfCheck();
  let base = '';
  const playground = createPlaygroundAdapter({
    logger,
    baseUrl: () => base,
    notices: () => playgroundNotices(settings, true),
    rewriteLink: localPullPath,
    authorize: createAccessGuard(settings.dashboardToken),
  });
  const codecot = await startCodecot(settings, logger, {
    chats: [playground],
    model: createModel(settings.model),
    codeHost,
    execution: {
      sandbox,
      agent: scriptedAgent([{ files: MUL_CHANGE, summary: 'Added mul(a, b) in src/mul.js with a test.' }]),
      codeHost,
      workspaces: createGitWorkspaces({ dataDir, logger }),
      maxAttempts: settings.agent.maxAttempts,
      sandboxEnv: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8', CI: 'true' },
    },
    localPulls: localPullsOf(codeHost),
  });
  base = publicBaseUrl(settings.host, codecot.port);
  return {
    base,
    codecot,
    model,
    async stop() {
      await codecot.stop();
      await model.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (server && scratch) await dropScratchDatabase(server, new URL(scratch).pathname.slice(1));
    },
  };
}
