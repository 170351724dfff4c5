import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { checkCommand, environmentOf } from '../../../adapters/local/command.ts';
import { captureCapped } from '../../../adapters/local/output.ts';
import type { SandboxCommand } from '../../../src/ports/sandbox.ts';

const dir = mkdtempSync(join(tmpdir(), 'codecot-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base: SandboxCommand = { argv: ['true'], workspace: dir, env: {}, timeoutMs: 1000, maxOutputBytes: 10 };

describe('command checks', () => {
  test('return the real workspace path', () => {
    const link = join(dir, '..', `${dir.split('/').at(-1)}-link`);
    symlinkSync(dir, link);
    try {
      expect(checkCommand({ ...base, workspace: link })).toBe(dir);
    } finally {
      rmSync(link);
    }
  });

  test.each([
    [{ argv: [] }, 'argv is empty'],
    [{ timeoutMs: 0 }, 'timeoutMs must be > 0'],
    [{ maxOutputBytes: -1 }, 'maxOutputBytes'],
    [{ workspace: 'relative/ws' }, 'absolute'],
    [{ workspace: join(dir, 'missing') }, 'does not exist'],
    [{ workspace: '/' }, 'root directory'],
    [{ env: { 'BAD=NAME': 'x' } }, 'environment variable name'],
    [{ env: { TOKEN: 'xoxb-secret\0' } }, 'TOKEN contains a NUL byte'],
  ])('refuse %o', (change, reason) => {
    expect(() => checkCommand({ ...base, ...change })).toThrow(reason);
  });

  test('refuse a file as workspace and never quote environment values', () => {
    writeFileSync(join(dir, 'file'), '');
    expect(() => checkCommand({ ...base, workspace: join(dir, 'file') })).toThrow('is not a directory');
    expect(() => checkCommand({ ...base, env: { TOKEN: 'xoxb-secret\0' } })).not.toThrow(/xoxb/);
  });

  test('defaults fill only what the command leaves out', () => {
    expect(environmentOf({ ...base, env: { HOME: '/ws', X: '1' } })).toEqual({
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: '/ws',
      LANG: 'C.UTF-8',
      X: '1',
    });
  });
});

describe('capped output', () => {
  test('keeps the first bytes, drains the rest and says it truncated', async () => {
    const stream = new PassThrough();
    const capped = captureCapped(stream, 5);
    stream.write('abc');
    stream.write('defgh');
    stream.end('ijk');
    await new Promise((resolve) => stream.on('end', resolve));
    expect(capped.text()).toBe('abcde');
    expect(capped.truncated).toBe(true);
  });

  test('exactly the cap is not truncated', async () => {
    const stream = new PassThrough();
    const capped = captureCapped(stream, 3);
    stream.end('abc');
    await new Promise((resolve) => stream.on('end', resolve));
    expect(capped).toMatchObject({ truncated: false });
    expect(capped.text()).toBe('abc');
  });
});
