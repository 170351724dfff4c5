import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createOpenAI } from '@ai-sdk/openai';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinAgent } from '../../../adapters/agents/builtin/index.ts';
import { createFakeOpenAI, type FakeOpenAI } from '../../fakes/openai/index.ts';
import { createPlainSandbox } from '../../fakes/plain-sandbox.ts';
import { makeRepo, type TestRepo } from './git-repo.ts';

// The built-in agent through the real @ai-sdk/openai provider against the fake OpenAI server.

const API_KEY = 'sk-fake-agent-key-0123456789';
let fake: FakeOpenAI;
let repo: TestRepo;

beforeAll(async () => {
  fake = await createFakeOpenAI({ apiKey: API_KEY });
  repo = await makeRepo({ 'README.md': '# demo\n' });
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
  await repo.cleanup();
});

describe.each(['chat', 'responses'] as const)('over the %s API', (api) => {
  it('a write_file tool call round trip changes the workspace and reports usage', async () => {
    const provider = createOpenAI({ baseURL: fake.baseURL, apiKey: API_KEY });
    const model = api === 'chat' ? provider.chat('gpt-fake') : provider.responses('gpt-fake');
    const agent = createBuiltinAgent({ model, modelName: 'gpt-fake', logger: pino({ level: 'silent' }) });
    const file = `notes/${api}.txt`;
    fake.enqueue(
      {
        toolCalls: [
          { name: 'write_file', args: { path: file, content: `hello ${api}\n` }, id: `call_${api}` },
        ],
      },
      { text: `Wrote ${file}.` },
    );

    const outcome = await agent.run({
      workspace: repo.workspace,
      specMarkdown: '# Add a note',
      specJson: '{}',
      iteration: 1,
      sandbox: createPlainSandbox(),
      signal: new AbortController().signal,
      onProgress: () => {},
    });

    expect(await readFile(path.join(repo.workspace, file), 'utf8')).toBe(`hello ${api}\n`);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]?.messagesText).toContain('# Add a note');
    expect(fake.requests[1]?.messagesText).toContain(`wrote ${`hello ${api}\n`.length} bytes to ${file}`);
    const tools = (fake.requests[0]?.body.tools ?? []) as Array<{
      name?: string;
      function?: { name: string };
    }>;
    expect(tools.map((entry) => entry.function?.name ?? entry.name).sort()).toEqual([
      'apply_patch',
      'list_files',
      'read_file',
      'run_command',
      'search',
      'write_file',
    ]);
    const usage = fake.requests.map((request) => request.usage!);
    expect(outcome).toEqual({
      summary: `Wrote ${file}.`,
      steps: 2,
      inputTokens: usage[0]!.inputTokens + usage[1]!.inputTokens,
      outputTokens: usage[0]!.outputTokens + usage[1]!.outputTokens,
      model: 'gpt-fake',
    });
  });
});
