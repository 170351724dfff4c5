import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { waitFor } from '../helpers/wait.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function startBot(env: Record<string, string>) {
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => out, exited };
}

test('with an empty environment it starts on the embedded database, serves /healthz and stops on SIGTERM', {
  timeout: 60_000,
}, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'codecot-start-'));
  dirs.push(dataDir);
  const bot = startBot({ PORT: '0', CODECOT_DATA_DIR: dataDir });
  await waitFor(() => bot.output().includes('http server listening'), 45_000);
  const port = Number(/"port":(\d+)/.exec(bot.output())?.[1]);
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ database: 'up', engine: 'pglite' });
  expect(bot.output()).toContain('not configured (set SLACK_BOT_TOKEN');
  bot.child.kill('SIGTERM');
  expect(await bot.exited).toBe(0);
  expect(bot.output()).toContain('"msg":"stopped"');
});

test('a bad configuration exits 1 naming every bad variable', async () => {
  const bot = startBot({ PORT: 'x', SLACK_BOT_TOKEN: 'nope' });
  expect(await bot.exited).toBe(1);
  expect(bot.output()).toMatch(/PORT/);
  expect(bot.output()).toMatch(/SLACK_BOT_TOKEN/);
});
