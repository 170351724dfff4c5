import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBuiltinAgent } from '../../../adapters/agents/builtin/index.ts';
import type { AgentTask } from '../../../src/ports/coding-agent.ts';
import { createPlainSandbox, type PlainSandbox } from '../../fakes/plain-sandbox.ts';
import { makeRepo, type TestRepo } from './git-repo.ts';
import { promptOf, scriptedAgentModel, type Turn, USAGE_PER_CALL } from './scripted-model.ts';

const BUGGY_ADD = 'export function add(a, b) {\n  return a - b;\n}\n';
const FIXED_ADD = 'export function add(a, b) {\n  return a + b;\n}\n';
const ADD_TEST = [
  "import { test } from 'node:test';",
  "import assert from 'node:assert/strict';",
  "import { add } from './add.js';",
  "test('adds', () => assert.equal(add(2, 3), 5));",
  '',
].join('\n');

const logger = pino({ level: 'silent' });
let repo: TestRepo;
let sandbox: PlainSandbox;
let progress: Array<[number, string]>;

beforeEach(async () => {
  repo = await makeRepo({
    'package.json': '{ "type": "module" }\n',
    'add.js': BUGGY_ADD,
    'add.test.js': ADD_TEST,
  });
  sandbox = createPlainSandbox();
  progress = [];
});
afterEach(() => repo.cleanup());

function task(overrides: Partial<AgentTask> = {}): AgentTask {
  return {
    workspace: repo.workspace,
    specMarkdown: '# Fix add\n\n`add(2, 3)` must return 5.',
    specJson: '{"title":"Fix add"}',
    iteration: 1,
    sandbox,
    signal: new AbortController().signal,
    onProgress: (step, note) => progress.push([step, note]),
    ...overrides,
  };
}

const agentWith = (
  turns: Turn[],
  limits: { maxSteps?: number; maxTokens?: number; timeoutMs?: number } = {},
) => {
  const scripted = scriptedAgentModel(turns);
  const agent = createBuiltinAgent({
    model: scripted.model,
    modelName: 'mock-agent-model',
    logger,
    ...limits,
  });
  return { agent, ...scripted };
};

describe('built-in agent: a full tool loop in a real git repository', () => {
  it('lists, reads, writes a fix, runs the tests through the sandbox, then reports', async () => {
    const { agent, seen, calls } = agentWith([
      { tools: [{ name: 'list_files', input: {} }] },
      { tools: [{ name: 'read_file', input: { path: 'add.js' } }] },
      { tools: [{ name: 'write_file', input: { path: 'add.js', content: FIXED_ADD } }] },
      { tools: [{ name: 'run_command', input: { command: 'node --test' } }] },
      { text: 'Fixed add to sum its arguments; node --test passes.' },
    ]);

    const outcome = await agent.run(task());

    expect(await readFile(path.join(repo.workspace, 'add.js'), 'utf8')).toBe(FIXED_ADD);
    expect(await repo.git('status', '--porcelain')).toBe(' M add.js\n');
    expect(outcome).toEqual({
      summary: 'Fixed add to sum its arguments; node --test passes.',
      steps: 5,
      inputTokens: 5 * USAGE_PER_CALL.input,
      outputTokens: 5 * USAGE_PER_CALL.output,
      model: 'mock-agent-model',
    });
    expect(progress).toEqual([
      [1, 'list_files'],
      [2, 'read_file'],
      [3, 'write_file'],
      [4, 'run_command'],
      [5, 'answered'],
    ]);
    // What the model was shown after each tool call.
    expect(seen[1]?.[0]?.value).toContain('add.test.js');
    expect(seen[2]?.[0]?.value).toBe(BUGGY_ADD);
    expect(seen[3]?.[0]?.value).toMatch(/^wrote \d+ bytes to add\.js$/);
    expect(seen[4]?.[0]?.value).toMatch(/^exit code 0 /);
    expect(seen[4]?.[0]?.value).toMatch(/pass 1/);
    // The command went through the sandbox: cwd = workspace, minimal env, no network.
    const command = sandbox.commands.at(-1);
    expect(command?.argv).toEqual(['sh', '-c', 'node --test']);
    expect(command?.workspace).toBe(repo.workspace);
    expect(command?.allowHosts).toBeUndefined();
    expect(Object.keys(command?.env ?? {})).not.toContain('OPENAI_API_KEY');
    expect(command?.env.PATH).toBe('/usr/local/bin:/usr/bin:/bin');
    // The prompt: system rules from prompts/agent-builtin.md, the spec as data.
    const prompt = promptOf(calls[0]!);
    expect(prompt.system).toContain('at most 30 steps');
    expect(prompt.system).not.toMatch(/\{\{|\}\}/);
    expect(prompt.user).toContain('<spec>\n# Fix add');
    expect(prompt.user).not.toContain('<feedback>');
  });

  it('a failing command is a result the model sees, and feedback reaches it when iterating', async () => {
    const { agent, seen, calls } = agentWith([
      { tools: [{ name: 'run_command', input: { command: 'echo starting >&2; node --test' } }] },
      { text: 'The test still fails.' },
    ]);
    const outcome = await agent.run(task({ iteration: 2, feedback: 'CI: test "adds" failed' }));

    expect(seen[1]?.[0]?.value).toMatch(/^exit code 1 /);
    expect(seen[1]?.[0]?.value).toContain('--- stderr ---\nstarting');
    expect(promptOf(calls[0]!).user).toMatch(
      /Attempt 2\.[\s\S]*<feedback>\nCI: test "adds" failed\n<\/feedback>/,
    );
    expect(outcome.summary).toBe('The test still fails.');
  });

  it('search and apply_patch work on the workspace', async () => {
    const patch = [
      'diff --git a/add.js b/add.js',
      '--- a/add.js',
      '+++ b/add.js',
      '@@ -1,3 +1,3 @@',
      ' export function add(a, b) {',
      '-  return a - b;',
      '+  return a + b;',
      ' }',
      '',
    ].join('\n');
    const { agent, seen } = agentWith([
      { tools: [{ name: 'search', input: { pattern: 'return a [-+] b' } }] },
      { tools: [{ name: 'apply_patch', input: { patch } }] },
      { tools: [{ name: 'search', input: { pattern: 'nothing-like-this', literal: true } }] },
      { text: 'Patched.' },
    ]);
    await agent.run(task());

    expect(seen[1]?.[0]?.value).toBe('add.js:2:  return a - b;');
    expect(seen[2]?.[0]).toMatchObject({ type: 'text', value: 'applied the patch to add.js' });
    expect(seen[3]?.[0]?.value).toBe('no matches');
    expect(await readFile(path.join(repo.workspace, 'add.js'), 'utf8')).toBe(FIXED_ADD);
  });
});
