import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { MessageView } from '../../../adapters/playground/index.ts';
import { NO_MODEL_NOTE } from '../../../src/pipeline/context.ts';
import { createScratchDatabase, dropScratchDatabase, serverUrl } from '../../helpers/database.ts';
import { waitFor } from '../../helpers/wait.ts';
import { newClientId } from './harness.ts';

// `npm start` with nothing configured: the playground is the chat, on the seeded sample repository.
let child: ChildProcess;
let output = '';
let base = '';
let dataDir = '';
let scratch: string | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'codecot-pg-start-'));
  const server = serverUrl();
  scratch = server ? await createScratchDatabase(server) : undefined;
  child = spawn(process.execPath, ['src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      CODECOT_DATA_DIR: dataDir,
      ...(scratch ? { DATABASE_URL: scratch } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await waitFor(() => output.includes('playground ready'), 45_000);
  base = /"url":"(http:\/\/[^"]+)\/playground"/.exec(output)?.[1] ?? '';
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
  const server = serverUrl();
  if (server && scratch) await dropScratchDatabase(server, new URL(scratch).pathname.slice(1));
});

const state = async (): Promise<{ messages: MessageView[]; notices: string[] }> =>
  (await fetch(`${base}/playground/api/state?user=you`)).json() as Promise<{
    messages: MessageView[];
    notices: string[];
  }>;
const post = (action: string, body: object) =>
  fetch(`${base}/playground/api/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: { name: 'you' }, clientId: newClientId(), ...body }),
  });

test('it serves the playground on the sample repository and says which model settings are missing', async () => {
  expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect((await fetch(`${base}/playground`)).status).toBe(200);
  expect(existsSync(join(dataDir, 'repos/local/widgets.git/HEAD'))).toBe(true);
  expect((await state()).notices.join('\n')).toContain('OPENAI_BASE_URL=http://localhost:11434/v1');
  await waitFor(async () => (await state()).messages.some((m) => m.title === 'Hi, I am Codecot'), 15_000);
});

test('a mention without a model is answered in its thread with what to set', async () => {
  const res = await post('messages', { channel: 'general', text: '@codecot add a mul function' });
  const { message } = (await res.json()) as { message: MessageView };
  await waitFor(async () => (await state()).messages.some((m) => m.threadId === message.id), 15_000);
  const answer = (await state()).messages.find((m) => m.threadId === message.id);
  expect(answer?.text).toBe(NO_MODEL_NOTE);
});

test('commands answer the sender, and the dashboard lists the playground channel', async () => {
  const res = await post('commands', { channel: 'general', text: '/codecot help' });
  expect(((await res.json()) as { reply: string }).reply).toMatch(/codecot/i);
  const dashboard = await fetch(`${base}/dashboard`);
  expect(dashboard.status).toBe(200);
  expect(await dashboard.text()).toContain('local #general');
  expect(output).toContain('"chat":["local"]');
});
