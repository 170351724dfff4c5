import { describe, expect, test } from 'vitest';
import { parseDelivery } from '../../../adapters/github/webhooks/parse.ts';
import {
  checkRunCompleted,
  checkSuiteCompleted,
  deploymentStatus,
  pullRequestClosed,
  statusEvent,
} from '../../fakes/github/index.ts';

const repo = 'acme/widgets';
const sha = 'a'.repeat(40);

describe('GitHub webhook payloads become canonical code host events', () => {
  test('check_suite and check_run completed name the commit and its pull requests', () => {
    const pulls = [{ number: 7, headRef: 'codecot/x', headSha: sha }];
    const suite = checkSuiteCompleted({
      repo,
      headSha: sha,
      headBranch: 'codecot/x',
      conclusion: 'failure',
      pullRequests: pulls,
    });
    expect(parseDelivery('check_suite', 'd1', suite)).toEqual({
      kind: 'event',
      event: { type: 'checks_completed', eventId: 'github:d1', repo, sha, prNumbers: [7] },
    });
    const run = checkRunCompleted({
      repo,
      headSha: sha,
      headBranch: 'codecot/x',
      conclusion: 'success',
      name: 'test',
    });
    expect(parseDelivery('check_run', 'd2', run)).toMatchObject({
      event: { type: 'checks_completed', sha, prNumbers: [] },
    });
  });

  test('a finished commit status counts; a pending one is ignored', () => {
    expect(
      parseDelivery('status', 'd3', statusEvent({ repo, sha, state: 'failure', context: 'ci/x' })),
    ).toMatchObject({
      event: { type: 'checks_completed', sha },
    });
    expect(
      parseDelivery('status', 'd4', statusEvent({ repo, sha, state: 'pending', context: 'ci/x' })),
    ).toEqual({
      kind: 'ignored',
      reason: 'status still pending',
    });
  });

  test('pull_request closed says whether it was merged and by whom', () => {
    const merged = pullRequestClosed({
      repo,
      number: 3,
      merged: true,
      headRef: 'b',
      headSha: sha,
      sender: 'mona',
      title: 'Add mul',
    });
    expect(parseDelivery('pull_request', 'd5', merged)).toEqual({
      kind: 'event',
      event: {
        type: 'pull_request_closed',
        eventId: 'github:d5',
        repo,
        number: 3,
        merged: true,
        closedBy: 'mona',
        title: 'Add mul',
      },
    });
    const closed = pullRequestClosed({
      repo,
      number: 3,
      merged: false,
      headRef: 'b',
      headSha: sha,
      sender: 'lisa',
    });
    expect(parseDelivery('pull_request', 'd6', closed)).toMatchObject({
      event: { merged: false, closedBy: 'lisa' },
    });
    const opened = { ...merged, action: 'opened' };
    expect(parseDelivery('pull_request', 'd7', opened)).toEqual({
      kind: 'ignored',
      reason: 'pull_request opened',
    });
  });

  test('deployment_status carries the environment URL, or null without one', () => {
    const preview = deploymentStatus({
      repo,
      sha,
      ref: 'b',
      state: 'success',
      environment_url: 'https://pr-3.preview.example',
    });
    expect(parseDelivery('deployment_status', 'd8', preview)).toMatchObject({
      event: {
        type: 'deployment_status',
        sha,
        environment: 'Preview',
        url: 'https://pr-3.preview.example',
        state: 'success',
      },
    });
    const bare = deploymentStatus({ repo, sha, ref: 'b', state: 'success' });
    expect(parseDelivery('deployment_status', 'd9', bare)).toMatchObject({ event: { url: null } });
  });

  test('a used event without the fields it needs is malformed; an unused event is ignored', () => {
    const broken = {
      action: 'completed',
      check_suite: { head_sha: 'not-a-sha' },
      repository: { full_name: repo },
    };
    const parsed = parseDelivery('check_suite', 'd10', broken);
    expect(parsed.kind).toBe('malformed');
    expect(parsed.kind === 'malformed' && parsed.reason).toMatch(/check_suite\.head_sha/);
    expect(parseDelivery('fork', 'd11', {})).toEqual({ kind: 'ignored', reason: 'fork events are not used' });
  });
});

describe('push', () => {
  const sha = 'a'.repeat(40);
  const push = (ref: string, extra: Record<string, unknown> = {}) => ({
    ref,
    after: sha,
    repository: { full_name: repo, default_branch: 'main' },
    ...extra,
  });

  test('a push to the default branch is a branch_pushed hint', () => {
    expect(parseDelivery('push', 'p1', push('refs/heads/main'))).toEqual({
      kind: 'event',
      event: { type: 'branch_pushed', eventId: 'github:p1', repo, branch: 'main', sha },
    });
  });

  test('other branches, tags and deleted refs are ignored with the reason', () => {
    expect(parseDelivery('push', 'p2', push('refs/heads/feature'))).toEqual({
      kind: 'ignored',
      reason: 'push to refs/heads/feature',
    });
    expect(parseDelivery('push', 'p3', push('refs/tags/main'))).toEqual({
      kind: 'ignored',
      reason: 'push to refs/tags/main',
    });
    expect(parseDelivery('push', 'p4', push('refs/heads/main', { deleted: true }))).toEqual({
      kind: 'ignored',
      reason: 'a deleted ref',
    });
  });

  test('a push without the default branch or with a bad sha is malformed', () => {
    const parsed = parseDelivery('push', 'p5', {
      ref: 'refs/heads/main',
      after: 'zz',
      repository: { full_name: repo },
    });
    expect(parsed.kind).toBe('malformed');
    expect(parsed.kind === 'malformed' && parsed.reason).toMatch(/after.*; repository\.default_branch/);
  });
});
