import { readdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBuiltinAgent } from '../../../adapters/agents/builtin/index.ts';
import { CodecotError } from '../../../src/errors.ts';
import type { AgentTask } from '../../../src/ports/coding-agent.ts';
import type { Sandbox } from '../../../src/ports/sandbox.ts';
import { createPlainSandbox } from '../../fakes/plain-sandbox.ts';
import { makeRepo, type TestRepo } from './git-repo.ts';
import { scriptedAgentModel, type Turn } from './scripted-model.ts';

const logger = pino({ level: 'silent' });
let repo: TestRepo;
let progress: Array<[number, string]>;

beforeEach(async () => {
  repo = await makeRepo({ 'README.md': '# demo\n' });
  progress = [];
});
afterEach(() => repo.cleanup());

function task(overrides: Partial<AgentTask> = {}): AgentTask {
  return {
    workspace: repo.workspace,
    specMarkdown: '# Demo',
    specJson: '{}',
    iteration: 1,
    sandbox: createPlainSandbox(),
    signal: new AbortController().signal,
    onProgress: (step, note) => progress.push([step, note]),
    ...overrides,
  };
}

function agentWith(
  turns: Turn[],
  limits: { maxSteps?: number; maxTokens?: number; timeoutMs?: number } = {},
) {
  const scripted = scriptedAgentModel(turns);
  return {
    agent: createBuiltinAgent({ model: scripted.model, modelName: 'm', logger, ...limits }),
    ...scripted,
  };
}

const forever: Turn[] = [{ tools: [{ name: 'list_files', input: {} }] }];

describe('built-in agent: confinement reaches the model as tool errors', () => {
  it('rejects ../ and symlinks out; the outside stays untouched and the loop goes on', async () => {
    await symlink(repo.outside, path.join(repo.workspace, 'escape'));
    const outsidePatch =
      '--- ../outside/secret.txt\n+++ ../outside/secret.txt\n@@ -1 +1 @@\n-top secret\n+pwned\n';
    const { agent, seen } = agentWith([
      { tools: [{ name: 'read_file', input: { path: '../outside/secret.txt' } }] },
      { tools: [{ name: 'read_file', input: { path: 'escape/secret.txt' } }] },
      { tools: [{ name: 'write_file', input: { path: 'escape/planted.txt', content: 'x' } }] },
      { tools: [{ name: 'write_file', input: { path: '../outside/planted.txt', content: 'x' } }] },
      { tools: [{ name: 'apply_patch', input: { patch: outsidePatch } }] },
      { tools: [{ name: 'list_files', input: { path: 'escape' } }] },
      { text: 'I cannot leave the workspace.' },
    ]);

    const outcome = await agent.run(task());

    const results = seen.slice(1, 7).map((step) => step[0]);
    for (const result of results) expect(result?.type).toBe('error-text');
    expect(results.map((result) => result?.value)).toEqual([
      expect.stringContaining('".." is not allowed'),
      expect.stringContaining('resolves outside the workspace'),
      expect.stringContaining('resolves outside the workspace'),
      expect.stringContaining('".." is not allowed'),
      expect.stringContaining('".." is not allowed'),
      expect.stringContaining('resolves outside the workspace'),
    ]);
    expect(results.map((result) => result?.value).join('\n')).not.toContain('top secret');
    expect(await readdir(repo.outside)).toEqual(['secret.txt']);
    expect(await readFile(path.join(repo.outside, 'secret.txt'), 'utf8')).toBe('top secret\n');
    expect(outcome).toMatchObject({ steps: 7, summary: 'I cannot leave the workspace.' });
  });
});

describe('built-in agent: budgets', () => {
  it('the step budget stops a model that never finishes, and the summary says so', async () => {
    const { agent, calls } = agentWith(forever, { maxSteps: 3 });
    const outcome = await agent.run(task());
    expect(calls).toHaveLength(3);
    expect(outcome.steps).toBe(3);
    expect(outcome.summary).toMatch(/step budget \(3 of 3 steps\)/);
    expect(progress.map(([step]) => step)).toEqual([1, 2, 3]);
  });

  it('the token budget stops the loop after the step that spent it', async () => {
    const { agent, calls } = agentWith(forever, { maxTokens: 300 }); // 120 tokens per call
    const outcome = await agent.run(task());
    expect(calls).toHaveLength(3);
    expect(outcome).toMatchObject({ steps: 3, inputTokens: 300, outputTokens: 60 });
    expect(outcome.summary).toMatch(/token budget \(360 of 300 tokens used\)/);
  });

  it('the task signal stops it: the caller gets its own abort reason back', async () => {
    const controller = new AbortController();
    const { agent, calls } = agentWith(forever);
    const run = agent.run(
      task({
        signal: controller.signal,
        onProgress: (step) => {
          if (step === 2) controller.abort(new Error('cancelled by the user'));
        },
      }),
    );
    await expect(run).rejects.toThrow('cancelled by the user');
    expect(calls).toHaveLength(2);
  });

  it('the wall-clock budget kills a running command and ends with budget_exhausted', async () => {
    const { agent } = agentWith([{ tools: [{ name: 'run_command', input: { command: 'sleep 20' } }] }], {
      timeoutMs: 500,
    });
    const started = Date.now();
    const error = await agent.run(task()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CodecotError);
    expect(error).toMatchObject({ code: 'budget_exhausted', retryable: false });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a sandbox that cannot start ends the run with sandbox_error instead of looping', async () => {
    const broken: Sandbox = {
      name: 'broken',
      isolated: true,
      selfCheck: async () => {},
      run: async () => {
        throw new Error('bwrap: setting up uid map: Permission denied');
      },
    };
    const { agent, calls } = agentWith([{ tools: [{ name: 'run_command', input: { command: 'true' } }] }]);
    await expect(agent.run(task({ sandbox: broken }))).rejects.toMatchObject({ code: 'sandbox_error' });
    expect(calls).toHaveLength(1);
  });
});
