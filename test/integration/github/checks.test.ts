import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRunInput } from '../../fakes/github/index.ts';
import { type GitHubSetup, REPO, startGitHub } from './harness.ts';

let gh: GitHubSetup;
let sha: string;
beforeAll(async () => {
  gh = await startGitHub();
  sha = await gh.fake.pushFiles(REPO, 'ci', { 'ci.txt': 'ci\n' });
});
afterAll(async () => gh?.close());

describe('GitHub checks', () => {
  it("merges check runs and commit statuses with the port's conclusions", async () => {
    gh.fake.setCheckRuns(REPO, sha, [
      { name: 'build', conclusion: 'success', details_url: 'https://ci.example/build' },
      { name: 'test', status: 'in_progress' },
      { name: 'deploy-preview', status: 'queued' },
      { name: 'lint', conclusion: 'failure' },
      { name: 'optional', conclusion: 'neutral' },
      { name: 'docs', conclusion: 'skipped' },
      { name: 'e2e', conclusion: 'timed_out' },
      { name: 'old', conclusion: 'cancelled' },
      { name: 'approval', conclusion: 'action_required' },
      { name: 'forgotten', conclusion: 'stale' },
    ]);
    gh.fake.setCommitStatus(REPO, sha, [
      { context: 'ci/legacy', state: 'success', target_url: 'https://legacy.example/1' },
      { context: 'ci/flaky', state: 'error' },
      { context: 'ci/slow', state: 'pending' },
      { context: 'ci/broken', state: 'failure' },
    ]);
    const results = await gh.host.checks(REPO, sha);
    expect(Object.fromEntries(results.map((check) => [check.name, check.conclusion]))).toEqual({
      build: 'success',
      test: 'pending',
      'deploy-preview': 'pending',
      lint: 'failure',
      optional: 'neutral',
      docs: 'skipped',
      e2e: 'timed_out',
      old: 'cancelled',
      approval: 'failure',
      forgotten: 'cancelled',
      'ci/legacy': 'success',
      'ci/flaky': 'failure',
      'ci/slow': 'pending',
      'ci/broken': 'failure',
    });
    expect(results.find((check) => check.name === 'build')?.url).toBe('https://ci.example/build');
    expect(results.find((check) => check.name === 'ci/legacy')?.url).toBe('https://legacy.example/1');
    expect(results.find((check) => check.name === 'ci/slow')?.url).toBeNull();
  });

  it('follows pagination past 100 check runs', async () => {
    const many: CheckRunInput[] = Array.from({ length: 130 }, (_, index) => ({
      name: `job-${index}`,
      conclusion: 'success',
    }));
    gh.fake.setCheckRuns(REPO, sha, many);
    gh.fake.setCommitStatus(REPO, sha, []);
    const results = await gh.host.checks(REPO, sha);
    expect(results).toHaveLength(130);
    expect(new Set(results.map((check) => check.name)).size).toBe(130);
    const pages = gh.fake.requests.filter((request) => request.path.endsWith('/check-runs'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
  });
});
