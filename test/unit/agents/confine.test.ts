import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfinementError, confine } from '../../../adapters/agents/builtin/confine.ts';

let base: string;
let ws: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'codecot-confine-')));
  ws = path.join(base, 'ws');
  await mkdir(path.join(ws, 'src'), { recursive: true });
  await mkdir(path.join(ws, '.git'));
  await mkdir(path.join(base, 'outside'));
  await writeFile(path.join(base, 'outside', 'secret.txt'), 'secret');
  await writeFile(path.join(ws, 'src', 'a.ts'), 'export {};\n');
  await writeFile(path.join(ws, '.git', 'config'), '[core]\n');
  await symlink('/etc', path.join(ws, 'etc-link'));
  await symlink('../../outside', path.join(ws, 'src', 'out-link'));
  await symlink('src', path.join(ws, 'in-link'));
  await symlink('src/a.ts', path.join(ws, 'alias.ts'));
  await symlink('.git', path.join(ws, 'git-link'));
  await symlink('/nonexistent/target', path.join(ws, 'dangling'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

const rejects = (requested: string, intent: 'read' | 'write', message: RegExp) =>
  expect(confine(ws, requested, intent)).rejects.toThrow(message);

describe('confine: allowed paths', () => {
  test('a nested file resolves inside the workspace', async () => {
    await expect(confine(ws, 'src/a.ts', 'read')).resolves.toEqual({
      absolute: path.join(ws, 'src', 'a.ts'),
      relative: 'src/a.ts',
      exists: true,
    });
  });

  test('a not-yet-existing nested path may be written', async () => {
    await expect(confine(ws, './src/new/deep/file.ts', 'write')).resolves.toEqual({
      absolute: path.join(ws, 'src', 'new', 'deep', 'file.ts'),
      relative: 'src/new/deep/file.ts',
      exists: false,
    });
  });

  test('an absolute path inside the workspace is accepted and made relative', async () => {
    const inside = await confine(ws, path.join(ws, 'src', 'a.ts'), 'write');
    expect(inside.relative).toBe('src/a.ts');
  });

  test('the empty path and "." are the workspace root', async () => {
    expect((await confine(ws, '', 'read')).absolute).toBe(ws);
    expect((await confine(ws, '.', 'read')).relative).toBe('.');
  });

  test('a symlink that stays inside is followed for reading, to its real path', async () => {
    expect((await confine(ws, 'in-link/a.ts', 'read')).absolute).toBe(path.join(ws, 'src', 'a.ts'));
    expect((await confine(ws, 'alias.ts', 'read')).absolute).toBe(path.join(ws, 'src', 'a.ts'));
  });
});

describe('confine: rejected paths', () => {
  test('".." traversal, even when it would stay inside', async () => {
    await rejects('../../etc/passwd', 'read', /"\.\." is not allowed/);
    await rejects('src/../../outside/secret.txt', 'read', /"\.\." is not allowed/);
    await rejects('src/../src/a.ts', 'write', /"\.\." is not allowed/);
  });

  test('absolute paths outside the workspace', async () => {
    await rejects('/etc/passwd', 'read', /outside the workspace/);
    await rejects(path.join(base, 'outside', 'secret.txt'), 'write', /outside the workspace/);
    await rejects(`${ws}-sibling/x`, 'read', /outside the workspace/);
  });

  test('a symlink to /etc, itself or below it', async () => {
    await rejects('etc-link', 'read', /resolves outside/);
    await rejects('etc-link/passwd', 'read', /resolves outside/);
    await rejects('etc-link/new-file', 'write', /resolves outside/);
  });

  test('a symlink inside the tree that points outside', async () => {
    await rejects('src/out-link/secret.txt', 'read', /resolves outside/);
    await rejects('src/out-link/planted.txt', 'write', /resolves outside/);
  });

  test('writing through a symlink, even one pointing inside', async () => {
    await rejects('alias.ts', 'write', /refusing to write through it/);
    await rejects('in-link', 'write', /refusing to write through it/);
  });

  test('.git internals, directly, in any case, or through a symlink', async () => {
    await rejects('.git/config', 'read', /\.git directory is off limits/);
    await rejects('.GIT/config', 'write', /\.git directory is off limits/);
    await rejects('.git', 'read', /\.git directory is off limits/);
    await rejects('git-link/config', 'read', /\.git directory is off limits/);
  });

  test('dangling symlinks and NUL bytes', async () => {
    await rejects('dangling', 'read', /does not resolve/);
    await rejects('src/a.ts\0.png', 'read', /NUL/);
  });

  test('rejections are ConfinementErrors the tools hand back to the model', async () => {
    await expect(confine(ws, '/etc/passwd', 'read')).rejects.toBeInstanceOf(ConfinementError);
  });
});
