import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createBwrapSandbox } from '../../../adapters/bwrap/index.ts';
import { createLocalSandbox } from '../../../adapters/local/index.ts';
import type { Sandbox, SandboxCommand, SandboxResult } from '../../../src/ports/sandbox.ts';

export const REPO_ROOT = join(import.meta.dirname, '../../..');
const run = promisify(execFile);

/** Temp directories made by a test file, removed by `removeAll` in afterAll. */
export function tempDirs() {
  const made: string[] = [];
  return {
    /** A directory under the system temp dir (where workspaces live). */
    temp(prefix: string): string {
      const dir = mkdtempSync(join(tmpdir(), `codecot-${prefix}-`));
      made.push(dir);
      return dir;
    },
    /** A directory in the repo's ignored test-artifacts/, outside /tmp, so a private /tmp is not what hides it. */
    outsideTmp(prefix: string): string {
      mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
      const dir = mkdtempSync(join(REPO_ROOT, 'test-artifacts', `sandbox-${prefix}-`));
      made.push(dir);
      return dir;
    },
    removeAll(): void {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The bwrap sandbox after its self-check. A missing or too old bubblewrap fails the test file
 * with a message saying so (CI installs it); the tests never skip.
 */
export async function checkedBwrap(): Promise<Sandbox> {
  const sandbox = createBwrapSandbox();
  try {
    await sandbox.selfCheck();
  } catch (error) {
    throw new Error(
      `the isolation tests need a working bubblewrap (Debian: apt-get install bubblewrap): ${(error as Error).message}`,
    );
  }
  return sandbox;
}

export const localSandbox = createLocalSandbox();

/** A command with test defaults: a clean environment, a short timeout, a 1 MB output cap. */
export function command(
  workspace: string,
  argv: string[],
  extra: Partial<SandboxCommand> = {},
): SandboxCommand {
  return { argv, workspace, env: {}, timeoutMs: 10_000, maxOutputBytes: 1024 * 1024, ...extra };
}

export const sh = (
  sandbox: Sandbox,
  workspace: string,
  script: string,
  extra: Partial<SandboxCommand> = {},
) => sandbox.run(command(workspace, ['sh', '-c', script], extra));

/** Pids of live processes whose command line contains `marker` (pgrep exits 1 when there are none). */
export async function pidsMatching(marker: string): Promise<number[]> {
  try {
    const { stdout } = await run('pgrep', ['-f', marker]);
    return stdout.split('\n').filter(Boolean).map(Number);
  } catch (error) {
    if ((error as { code?: unknown }).code === 1) return [];
    throw error;
  }
}

export const succeeded = (result: SandboxResult) => result.exitCode === 0 && !result.timedOut;
