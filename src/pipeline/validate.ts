import type { Sandbox } from '../ports/sandbox.ts';
import { redact } from '../redact.ts';
import type { CheckDef } from './repo-checks.ts';
import { readTestOutput } from './test-output.ts';

export type CheckStatus = 'passed' | 'failed' | 'timed-out';

export interface CheckRun {
  name: string;
  command: string;
  status: CheckStatus;
  exitCode: number | null;
  durationMs: number;
  passed: number | null;
  failed: number | null;
  failingNames: string[];
  /** The end of the output, redacted. */
  logTail: string;
}

export interface RunOptions {
  sandbox: Sandbox;
  workspace: string;
  env: Record<string, string>;
  timeoutMs: number;
  allowHosts?: string[];
  signal: AbortSignal;
  onCheck?(index: number, total: number, check: CheckDef): void;
  /** Called after each check with its result (the live log shows it). */
  onCheckDone?(index: number, total: number, run: CheckRun): void;
}

const TAIL = 4_000;

/** Runs checks one after another in the sandbox; a check passes only when it exits 0 in time. */
export async function runChecks(checks: readonly CheckDef[], options: RunOptions): Promise<CheckRun[]> {
  const runs: CheckRun[] = [];
  for (const [index, check] of checks.entries()) {
    options.signal.throwIfAborted();
    options.onCheck?.(index + 1, checks.length, check);
    const result = await options.sandbox.run({
      argv: ['sh', '-c', check.run],
      workspace: options.workspace,
      env: options.env,
      timeoutMs: options.timeoutMs,
      maxOutputBytes: 256 * 1024,
      ...(options.allowHosts?.length ? { allowHosts: options.allowHosts } : {}),
      signal: options.signal,
    });
    options.signal.throwIfAborted();
    const output = `${result.stdout}\n${result.stderr}`;
    const counts = readTestOutput(output);
    const status: CheckStatus = result.timedOut ? 'timed-out' : result.exitCode === 0 ? 'passed' : 'failed';
    const run: CheckRun = {
      name: check.name,
      command: check.run,
      status,
      exitCode: result.exitCode,
      durationMs: result.durationMs,
      ...counts,
      logTail: redact(output.trim().slice(-TAIL)),
    };
    runs.push(run);
    options.onCheckDone?.(index + 1, checks.length, run);
  }
  return runs;
}

export type Verdict = 'passed' | 'new-failure' | 'failed-on-base-too' | 'fixed';

export interface ComparedCheck {
  after: CheckRun;
  base: CheckRun | undefined;
  verdict: Verdict;
  /** Failing test names that did not fail on the base. */
  newFailingNames: string[];
}

/**
 * Only new failures count against the change: a check that failed on the base commit too is not
 * blamed, unless the change makes tests fail that did not fail there.
 */
export function compareWithBaseline(base: readonly CheckRun[], after: readonly CheckRun[]): ComparedCheck[] {
  return after.map((run) => {
    const before = base.find((b) => b.name === run.name && b.command === run.command);
    if (run.status === 'passed')
      return {
        after: run,
        base: before,
        verdict: before && before.status !== 'passed' ? 'fixed' : 'passed',
        newFailingNames: [],
      };
    if (!before || before.status === 'passed')
      return { after: run, base: before, verdict: 'new-failure', newFailingNames: run.failingNames };
    const known = new Set(before.failingNames);
    const fresh = run.failingNames.filter((name) => !known.has(name));
    return {
      after: run,
      base: before,
      verdict: fresh.length ? 'new-failure' : 'failed-on-base-too',
      newFailingNames: fresh,
    };
  });
}

export const newFailures = (compared: readonly ComparedCheck[]) =>
  compared.filter((c) => c.verdict === 'new-failure');

/** The compact report fed back to the agent: failing names and the first error lines. */
export function feedbackFor(failures: readonly ComparedCheck[]): string {
  return failures
    .map((f) => {
      const names = f.newFailingNames.length ? `\nFailing: ${f.newFailingNames.slice(0, 10).join('; ')}` : '';
      const lines = f.after.logTail
        .split('\n')
        .filter((l) => /error|fail|assert|expected|✗|×|not ok/i.test(l))
        .slice(0, 15);
      return `Check "${f.after.name}" (${f.after.command}) ${f.after.status === 'timed-out' ? 'timed out' : `failed with exit code ${f.after.exitCode}`}.${names}\n${(lines.length ? lines : f.after.logTail.split('\n').slice(-15)).join('\n')}`;
    })
    .join('\n\n');
}

/** A stable fingerprint of the new failures, to stop early when an attempt changes nothing. */
export function failureSignature(failures: readonly ComparedCheck[]): string {
  return failures
    .map((f) => `${f.after.name}:${[...f.newFailingNames].sort().join(',')}:${f.after.exitCode}`)
    .sort()
    .join('|');
}
