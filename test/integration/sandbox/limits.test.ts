import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../../src/ports/sandbox.ts';
import { waitFor } from '../../helpers/wait.ts';
import { checkedBwrap, localSandbox, pidsMatching, sh, tempDirs } from './helpers.ts';

describe.each([
  ['local', async () => localSandbox],
  ['bwrap', checkedBwrap],
])('limits of the %s sandbox', (_name, makeSandbox) => {
  const dirs = tempDirs();
  let sandbox: Sandbox;
  let workspace: string;
  beforeAll(async () => {
    sandbox = await makeSandbox();
    workspace = dirs.temp('limits-ws');
  });
  afterAll(() => dirs.removeAll());

  /** Two sleeping children and a busy loop; a unique sleep length marks every process of the tree. */
  const runaway = () => {
    const marker = String(randomInt(1_000_000, 9_999_999));
    return { marker, script: `sleep ${marker} & sleep ${marker} & while :; do :; done` };
  };

  test('a runaway process tree is killed at the timeout', async () => {
    const { marker, script } = runaway();
    const running = sh(sandbox, workspace, script, { timeoutMs: 1_500 });
    // The probe sees the tree while it runs (the shell and both sleeps), so it can see survivors.
    await waitFor(async () => (await pidsMatching(marker)).length >= 3, 1_400, 20);
    const result = await running;
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGKILL');
    expect(result.durationMs).toBeLessThan(4_000);
    await waitFor(async () => (await pidsMatching(marker)).length === 0, 2_000, 20);
  });

  test('an AbortSignal kills the tree the same way', async () => {
    const { marker, script } = runaway();
    const abort = new AbortController();
    const running = sh(sandbox, workspace, script, { timeoutMs: 20_000, signal: abort.signal });
    await waitFor(async () => (await pidsMatching(marker)).length >= 3, 5_000, 20);
    abort.abort();
    const result = await running;
    expect(result.timedOut).toBe(false);
    expect(result.signal).toBe('SIGKILL');
    await waitFor(async () => (await pidsMatching(marker)).length === 0, 2_000, 20);
  });

  test('background jobs do not outlive a command that exits', async () => {
    const marker = String(randomInt(1_000_000, 9_999_999));
    const result = await sh(sandbox, workspace, `sleep ${marker} & echo started`);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'started\n', timedOut: false });
    await waitFor(async () => (await pidsMatching(marker)).length === 0, 2_000, 20);
  });

  test('10 MB of output comes back capped, with truncated set', async () => {
    const cap = 64 * 1024;
    const result = await sh(sandbox, workspace, 'head -c 10485760 /dev/zero | tr "\\0" a; echo tail >&2', {
      maxOutputBytes: cap,
    });
    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBe(cap);
    expect(result.stdout).toMatch(/^a+$/);
    expect(result.stderr).toBe('tail\n');
  });

  test('exit codes and stderr are reported; a missing program exits 127', async () => {
    const failed = await sh(sandbox, workspace, 'echo out; echo "went wrong" >&2; exit 3');
    expect(failed).toMatchObject({ exitCode: 3, signal: null, stdout: 'out\n', stderr: 'went wrong\n' });
    expect(failed.truncated).toBe(false);
    const missing = await sandbox.run({ ...baseCommand(workspace), argv: ['codecot-no-such-program'] });
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toContain('codecot-no-such-program');
  });

  test('git works on a real repository in the workspace', async () => {
    const env = {
      GIT_AUTHOR_NAME: 'A',
      GIT_AUTHOR_EMAIL: 'a@x',
      GIT_COMMITTER_NAME: 'A',
      GIT_COMMITTER_EMAIL: 'a@x',
    };
    const repo = dirs.temp('git-ws');
    const script =
      'git init -q -b main . && echo hi > f && git add f && git commit -qm first && git log --format=%s';
    const result = await sh(sandbox, repo, script, { env });
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'first\n' });
  });
});

const baseCommand = (workspace: string) => ({ workspace, env: {}, timeoutMs: 10_000, maxOutputBytes: 4096 });
