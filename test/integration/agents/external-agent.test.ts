import { chmod, lstat, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createExternalAgent, type ExternalAgentConfig } from '../../../adapters/agents/external/index.ts';
import type { AgentTask } from '../../../src/ports/coding-agent.ts';
import { createPlainSandbox, type PlainSandbox } from '../../fakes/plain-sandbox.ts';
import { makeRepo, type TestRepo } from './git-repo.ts';

// A scripted stand-in for Claude Code / Codex / aider: it reads everything Codecot hands over,
// records what it saw (its env, git status) into the workspace, changes a file and prints a summary.
const AGENT_SCRIPT = `#!/bin/sh
set -e
cat "$CODECOT_SPEC_FILE" > seen-spec.md
printf '%s' "$CODECOT_SPEC_JSON" > seen-spec.json
printf '%s' "$CODECOT_ITERATION" > seen-iteration.txt
if [ -n "$CODECOT_FEEDBACK_FILE" ]; then cat "$CODECOT_FEEDBACK_FILE" > seen-feedback.md; fi
env > seen-env.txt
git status --porcelain --untracked-files=all > seen-status.txt
echo "export const greeting = 'hello';" > greeting.js
echo "working on it..."
echo "Summary: added greeting.js"
`;

const CANARY = 'sk-canary-0123456789abcdefghijklmnop';
const SPEC_MD = '# Add a greeting\n\nExport `greeting`.';
const SPEC_JSON = '{"title":"Add a greeting","acceptance":["greeting is exported"]}';
let repo: TestRepo;
let sandbox: PlainSandbox;
let agentPath: string;
let progress: Array<[number, string]>;
let savedKey: string | undefined;

beforeAll(() => {
  savedKey = process.env.OPENAI_API_KEY;
  process.env.OPENAI_API_KEY = CANARY; // the bot's own secret, which must never reach the agent
});
afterAll(() => {
  if (savedKey === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = savedKey;
});
beforeEach(async () => {
  repo = await makeRepo({ 'README.md': '# demo\n' });
  agentPath = path.join(repo.base, 'fake-agent');
  await writeFile(agentPath, AGENT_SCRIPT);
  await chmod(agentPath, 0o755);
  sandbox = createPlainSandbox();
  progress = [];
});
afterEach(() => repo.cleanup());

const agent = (overrides: Partial<ExternalAgentConfig> = {}) =>
  createExternalAgent({ command: `${agentPath} --yes`, logger: pino({ level: 'silent' }), ...overrides });

function task(overrides: Partial<AgentTask> = {}): AgentTask {
  return {
    workspace: repo.workspace,
    specMarkdown: SPEC_MD,
    specJson: SPEC_JSON,
    iteration: 1,
    sandbox,
    signal: new AbortController().signal,
    onProgress: (step, note) => progress.push([step, note]),
    ...overrides,
  };
}

const seen = (name: string) => readFile(path.join(repo.workspace, name), 'utf8');

describe('external agent contract', () => {
  it('hands over spec, JSON, iteration and feedback; the agent changes the workspace', async () => {
    const external = agent({ allowHosts: ['api.anthropic.com'] });
    const outcome = await external.run(task({ iteration: 2, feedback: 'CI failed: greeting is missing' }));

    expect(external.name).toBe('external: fake-agent');
    expect(await seen('seen-spec.md')).toBe(SPEC_MD);
    expect(await seen('seen-spec.json')).toBe(SPEC_JSON);
    expect(await seen('seen-iteration.txt')).toBe('2');
    expect(await seen('seen-feedback.md')).toBe('CI failed: greeting is missing');
    expect(await seen('greeting.js')).toContain("greeting = 'hello'");
    expect(outcome).toEqual({
      summary: 'working on it...\nSummary: added greeting.js',
      steps: 1,
      inputTokens: 0,
      outputTokens: 0,
      model: null,
    });
    expect(progress).toEqual([[1, 'fake-agent finished']]);
    expect(sandbox.commands[0]).toMatchObject({
      argv: ['sh', '-c', `${agentPath} --yes`],
      workspace: repo.workspace,
      allowHosts: ['api.anthropic.com'],
    });
  });

  it('the handover files stay out of git status while the agent runs and are gone afterwards', async () => {
    await agent().run(task());

    const during = await seen('seen-status.txt');
    expect(during).toContain('?? seen-spec.md'); // git status does list untracked files...
    expect(during).not.toContain('.codecot');
    expect(await readdir(repo.workspace)).not.toContain('.codecot');
    expect(await repo.git('status', '--porcelain')).not.toContain('.codecot');
    expect(await seen('seen-env.txt')).not.toMatch(/^CODECOT_FEEDBACK_FILE=/m); // first attempt: none
  });

  it("the bot's secrets are not in the agent's environment; only the minimal one and its own", async () => {
    await agent({ env: { ANTHROPIC_API_KEY: 'agent-own-key-123' } }).run(task());

    const env = await seen('seen-env.txt');
    expect(env).not.toContain(CANARY);
    expect(env).not.toMatch(/^OPENAI_API_KEY=/m);
    expect(env).toMatch(/^PATH=\/usr\/local\/bin:\/usr\/bin:\/bin$/m);
    expect(env).toMatch(new RegExp(`^HOME=${repo.workspace}/\\.codecot/home$`, 'm'));
    expect(env).toMatch(/^ANTHROPIC_API_KEY=agent-own-key-123$/m);
  });

  it('a failing command is an agent failure carrying its output tail, with secrets masked', async () => {
    const command = `echo "reading spec"; echo "auth failed for agent-own-key-123 and ${CANARY}" >&2; exit 3`;
    const error = await agent({ command, env: { ANTHROPIC_API_KEY: 'agent-own-key-123' } })
      .run(task())
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'CodecotError', code: 'sandbox_error', retryable: false });
    const message = (error as Error).message;
    expect(message).toContain('exited with code 3');
    expect(message).toContain('reading spec');
    expect(message).toContain('auth failed for [REDACTED] and [REDACTED]');
    expect(await readdir(repo.workspace)).not.toContain('.codecot');
  });

  it('an agent that runs past its time is killed and reported as out of budget', async () => {
    const started = Date.now();
    const run = agent({ command: 'echo thinking; sleep 20', timeoutMs: 300 }).run(task());
    await expect(run).rejects.toMatchObject({ code: 'budget_exhausted' });
    await expect(run).rejects.toThrow(/ran out of time[\s\S]*thinking/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a planted .codecot symlink cannot redirect the handover outside the workspace', async () => {
    await symlink(repo.outside, path.join(repo.workspace, '.codecot'));
    await agent().run(task());

    expect(await readdir(repo.outside)).toEqual(['secret.txt']);
    expect(await seen('seen-spec.md')).toBe(SPEC_MD);
    await expect(lstat(path.join(repo.workspace, '.codecot'))).rejects.toThrow(/ENOENT/);
  });
});
