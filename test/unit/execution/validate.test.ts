import { describe, expect, test } from 'vitest';
import { outcomeLine, outcomeOf, validationLines } from '../../../src/pipeline/render-execution.ts';
import {
  type CheckRun,
  compareWithBaseline,
  failureSignature,
  feedbackFor,
  newFailures,
} from '../../../src/pipeline/validate.ts';

const run = (
  name: string,
  status: CheckRun['status'],
  failingNames: string[] = [],
  extra: Partial<CheckRun> = {},
): CheckRun => ({
  name,
  command: `npm run ${name}`,
  status,
  exitCode: status === 'passed' ? 0 : status === 'timed-out' ? null : 1,
  durationMs: 1200,
  passed: null,
  failed: null,
  failingNames,
  logTail:
    status === 'passed' ? 'ok' : `not ok 1 - ${failingNames[0] ?? 'x'}\nAssertionError: expected 2 to be 3`,
  ...extra,
});

describe('baseline-aware validation', () => {
  test('a failure that exists on the base is not blamed on the change', () => {
    const compared = compareWithBaseline(
      [run('test', 'failed', ['flaky clock test'])],
      [run('test', 'failed', ['flaky clock test'])],
    );
    expect(compared[0]?.verdict).toBe('failed-on-base-too');
    expect(newFailures(compared)).toHaveLength(0);
    expect(outcomeOf(compared)).toBe('no-new-failures');
    expect(outcomeLine('no-new-failures', compared, 1)).toMatch(
      /did not pass: test also fails on the base branch/,
    );
  });

  test('a new failing test in a check that already failed counts as new', () => {
    const compared = compareWithBaseline([run('test', 'failed', ['a'])], [run('test', 'failed', ['a', 'b'])]);
    expect(compared[0]).toMatchObject({ verdict: 'new-failure', newFailingNames: ['b'] });
  });

  test('a check that passed on the base and fails now is a new failure; a fixed one is marked fixed', () => {
    const compared = compareWithBaseline(
      [run('test', 'passed'), run('lint', 'failed', ['rule'])],
      [run('test', 'failed', ['adds numbers']), run('lint', 'passed')],
    );
    expect(compared.map((c) => c.verdict)).toEqual(['new-failure', 'fixed']);
    expect(outcomeOf(compared)).toBe('failed');
  });

  test('a timeout is a failure and is shown as one', () => {
    const compared = compareWithBaseline([run('e2e', 'passed')], [run('e2e', 'timed-out')]);
    expect(compared[0]?.verdict).toBe('new-failure');
    expect(validationLines(compared)[0]).toMatch(/^⏱ e2e: timed out/);
  });

  test('the thread is told "passed" only when every check passed', () => {
    const allPass = compareWithBaseline([run('a', 'passed')], [run('a', 'passed'), run('b', 'passed')]);
    expect(outcomeOf(allPass)).toBe('passed');
    expect(outcomeLine('passed', allPass, 1)).toBe('Validation passed: 2 checks, all passing.');
    for (const compared of [
      compareWithBaseline([run('a', 'failed', ['x'])], [run('a', 'failed', ['x'])]),
      compareWithBaseline([run('a', 'passed')], [run('a', 'failed', ['x'])]),
      [],
    ]) {
      const outcome = outcomeOf(compared);
      expect(outcome).not.toBe('passed');
      expect(outcomeLine(outcome, compared, 3)).not.toMatch(/Validation passed/);
    }
    expect(outcomeLine('none', [], 1)).toMatch(/No validation ran/);
  });

  test('feedback names the failing tests and the first error lines; the signature is stable', () => {
    const failures = newFailures(
      compareWithBaseline([run('test', 'passed')], [run('test', 'failed', ['adds numbers'])]),
    );
    const feedback = feedbackFor(failures);
    expect(feedback).toContain('Check "test" (npm run test) failed with exit code 1');
    expect(feedback).toContain('Failing: adds numbers');
    expect(feedback).toContain('AssertionError: expected 2 to be 3');
    const again = newFailures(
      compareWithBaseline([run('test', 'passed')], [run('test', 'failed', ['adds numbers'])]),
    );
    expect(failureSignature(again)).toBe(failureSignature(failures));
    const other = newFailures(
      compareWithBaseline([run('test', 'passed')], [run('test', 'failed', ['subtracts'])]),
    );
    expect(failureSignature(other)).not.toBe(failureSignature(failures));
  });
});
