import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/ports/sandbox.ts';
import { checkedBwrap, command, localSandbox, REPO_ROOT, sh, succeeded, tempDirs } from './helpers.ts';

// Every probe runs first without isolation (`local`) and must succeed there, so it can detect a
// leak; then the same probe runs under bwrap and must be blocked.
describe('files outside the workspace', () => {
  const dirs = tempDirs();
  let bwrap: Sandbox;
  let workspace: string;
  beforeAll(async () => {
    bwrap = await checkedBwrap();
    workspace = dirs.temp('files-ws');
  });
  afterAll(() => dirs.removeAll());

  test.each([
    ['a temp file the test made', () => join(dirs.temp('outside'), 'secret.txt')],
    ['a file outside /tmp', () => join(dirs.outsideTmp('outside'), 'secret.txt')],
  ])('cannot read %s', async (_label, makePath) => {
    const path = makePath();
    writeFileSync(path, 'outside-secret\n');
    const local = await localSandbox.run(command(workspace, ['cat', path]));
    expect(local.stdout).toBe('outside-secret\n');

    const sandboxed = await bwrap.run(command(workspace, ['cat', path]));
    expect(sandboxed.exitCode).not.toBe(0);
    expect(sandboxed.stdout).not.toContain('outside-secret');
    expect(sandboxed.stderr).toMatch(/No such file or directory/);
  });

  test("cannot read the repository's own files or the user's home", async () => {
    const probe = `cat ${join(REPO_ROOT, 'package.json')} && ls -a ${homedir()}`;
    const local = await sh(localSandbox, workspace, probe);
    expect(succeeded(local), local.stderr).toBe(true);
    expect(local.stdout).toContain('"name": "codecot"');

    const sandboxed = await sh(bwrap, workspace, probe);
    expect(sandboxed.exitCode).not.toBe(0);
    expect(sandboxed.stdout).toBe('');
    const listing = await sh(bwrap, workspace, 'ls /');
    const hostOnly = ['root', 'home', 'work', 'var', 'opt', 'mnt', 'srv'];
    expect(listing.stdout.split('\n').filter((name) => hostOnly.includes(name))).toEqual([]);
  });

  test.each([
    ['in a temp dir', () => dirs.temp('target')],
    ['outside /tmp', () => dirs.outsideTmp('target')],
  ])('cannot write a file %s', async (_label, makeDir) => {
    const localTarget = join(makeDir(), 'written-by-local');
    const local = await sh(localSandbox, workspace, `echo leaked > ${localTarget}`);
    expect(succeeded(local), local.stderr).toBe(true);
    expect(readFileSync(localTarget, 'utf8')).toBe('leaked\n');

    const target = join(makeDir(), 'written-by-bwrap');
    const sandboxed = await sh(bwrap, workspace, `echo leaked > ${target}`);
    expect(sandboxed.exitCode).not.toBe(0);
    expect(existsSync(target)).toBe(false);
  });

  test('a symlink in the workspace does not lead out of it', async () => {
    const outside = dirs.outsideTmp('link');
    writeFileSync(join(outside, 'secret.txt'), 'outside-secret\n');
    const probe = `ln -sfn ${outside} link && cat link/secret.txt && echo escaped > link/escaped`;
    const local = await sh(localSandbox, workspace, probe);
    expect(local.stdout).toBe('outside-secret\n');
    expect(existsSync(join(outside, 'escaped'))).toBe(true);

    const sandboxed = await sh(bwrap, workspace, `rm -f link; ${probe.replace('escaped >', 'escaped2 >')}`);
    expect(sandboxed.exitCode).not.toBe(0);
    expect(sandboxed.stdout).toBe('');
    expect(existsSync(join(outside, 'escaped2'))).toBe(false);
  });

  test('the read-only system stays read-only (no write, no remount)', async () => {
    const probe = `/usr/codecot-probe-${process.pid}`;
    try {
      const sandboxed = await sh(bwrap, workspace, `touch ${probe}; mount -o remount,rw /usr`);
      expect(sandboxed.stderr).toMatch(/Read-only file system/);
      expect(sandboxed.stderr).toMatch(/mount: .*(permission denied|must be superuser)/i);
      expect(existsSync(probe)).toBe(false);
    } finally {
      rmSync(probe, { force: true });
    }
  });

  test('workspace writes persist on the host', async () => {
    const result = await sh(bwrap, workspace, 'mkdir -p sub && printf data > sub/file && pwd');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(workspace);
    expect(readFileSync(join(workspace, 'sub/file'), 'utf8')).toBe('data');
  });
});
