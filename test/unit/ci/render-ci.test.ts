import { describe, expect, test } from 'vitest';
import { ciFeedback, renderCiReport } from '../../../src/pipeline/render-ci.ts';
import type { CiCheckRecord } from '../../../src/store/repositories/ci.ts';

const sha = 'abcdef1234567890abcdef1234567890abcdef12';
const pr = { number: 4, url: 'https://github.example/acme/widgets/pull/4' };
const check = (name: string, conclusion: string, failsOnBase: boolean | null = null): CiCheckRecord => ({
  name,
  conclusion,
  url: `https://ci.example/${name}`,
  failsOnBase,
  details: conclusion === 'failure' ? `${name}: expected 6, got 5` : null,
});

describe('the CI message', () => {
  test('all passed: every check with its link, and nothing to do', () => {
    const message = renderCiReport({
      outcome: 'passed',
      sha,
      pullRequest: pr,
      checks: [check('build', 'success'), check('lint', 'neutral')],
      waited: '3 min',
      next: { repeat: 'repeat', fixesLeft: 3 },
    });
    expect(message.title).toBe('CI passed on pull request #4');
    expect(message.text).toBe(`All 2 CI checks passed on \`abcdef1\` (${pr.url}).`);
    expect(message.sections?.[0]?.items).toEqual([
      '✅ build: success — https://ci.example/build',
      '✅ lint: neutral — https://ci.example/lint',
    ]);
  });

  test('failed: which checks, whether they fail on the base branch too, a link to each, and the 🔁 hint', () => {
    const message = renderCiReport({
      outcome: 'failed',
      sha,
      pullRequest: pr,
      checks: [
        check('test', 'failure', false),
        check('e2e', 'timed_out', true),
        check('docs', 'failure'),
        check('build', 'success'),
      ],
      waited: '3 min',
      next: { repeat: 'repeat', fixesLeft: 2 },
    });
    expect(message.text).toMatch(/^3 of 4 CI checks failed on `abcdef1` .*: test, e2e, docs\.$/);
    expect(message.sections?.[0]?.items).toEqual([
      '❌ test: failure, passes on the base branch — https://ci.example/test',
      '❌ e2e: timed_out, also fails on the base branch — https://ci.example/e2e',
      '❌ docs: failure, not run on the base branch — https://ci.example/docs',
    ]);
    expect(message.context).toMatch(/React repeat here to start a fix iteration .*\(2 left\)/);
  });

  test('at the cap the message says to reply instead', () => {
    const message = renderCiReport({
      outcome: 'failed',
      sha,
      pullRequest: pr,
      checks: [check('test', 'failure', false)],
      waited: '3 min',
      next: { repeat: '🔁', fixesLeft: 0 },
    });
    expect(message.context).toMatch(/limit of CI fix iterations .* reached: reply in the thread/);
  });

  test('the fix feedback carries the failing output, not the passing checks', () => {
    const feedback = ciFeedback(sha, [check('test', 'failure', false), check('build', 'success')]);
    expect(feedback).toContain('CI check "test" ended failure on commit abcdef1 (passes on the base branch)');
    expect(feedback).toContain('test: expected 6, got 5');
    expect(feedback).not.toContain('build');
  });
});
