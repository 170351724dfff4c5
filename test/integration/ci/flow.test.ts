import { afterEach, describe, expect, test } from 'vitest';
import { specHistoryLines } from '../../../src/pipeline/spec-history.ts';
import {
  checkRunCompleted,
  checkSuiteCompleted,
  deploymentStatus,
  pullRequestClosed,
} from '../../fakes/github/index.ts';
import { events, person } from '../../helpers/pipeline.ts';
import { scriptedAgent } from '../../helpers/scripted-agent.ts';
import { waitFor } from '../../helpers/wait.ts';
import {
  ciMessage,
  ciMessagesAbout,
  expectOnePullRequest,
  failCi,
  firstChange,
  fixChange,
  iterationIn,
  passCi,
  react,
  replyChange,
  repoFiles,
  requestAndApprove,
  runs,
} from './scenario.ts';
import { type CiWorld, REPO, startCiWorld } from './world.ts';

let world: CiWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

const suiteFor = (sha: string, branch: string, conclusion: 'success' | 'failure') =>
  checkSuiteCompleted({
    repo: REPO,
    headSha: sha,
    headBranch: branch,
    conclusion,
    pullRequests: [{ number: 1, headRef: branch, headSha: sha }],
  });
const flat = (post: { message: { text: string; sections?: { items?: string[] }[] } }) =>
  [post.message.text, ...(post.message.sections ?? []).flatMap((s) => s.items ?? [])].join('\n');

describe('CI follow-up, fix iterations and the merge', { timeout: 120_000 }, () => {
  test('webhooks: PR opened -> CI fails -> 🔁 -> fix commit on the same PR -> CI passes -> preview -> merged', async () => {
    const agent = scriptedAgent([
      { files: firstChange, summary: 'added mul' },
      { files: fixChange, summary: 'guarded undefined input' },
    ]);
    // Polls come too late to matter: every CI result below arrives through a webhook.
    world = await startCiWorld({ agent, files: repoFiles, env: { CODECOT_CI_POLL_SECONDS: '600' } });
    const w = world;
    await requestAndApprove(w, 'add a mul function');

    const first = await iterationIn(w, 1, 'ci-pending');
    const branch = first.branch as string;
    expectOnePullRequest(w, branch);
    expect(await w.github.branchSha(REPO, branch)).toBe(first.head_sha);
    expect(await w.github.readFile(REPO, branch, 'src/mul.js')).toContain('a * b');

    failCi(w, first);
    expect(
      (await w.webhook('check_suite', suiteFor(first.head_sha as string, branch, 'failure'))).status,
    ).toBe(200);
    const failed = await ciMessage(w, /^CI failed on pull request #1$/);
    expect(flat(failed)).toMatch(/1 of 2 CI checks failed on `[0-9a-f]{7}`.*: test\./);
    expect(flat(failed)).toContain('❌ test: failure, passes on the base branch — https://ci.example/runs/1');
    expect((await iterationIn(w, 1, 'failed')).state).toBe('failed');
    // A later delivery about the same head says nothing new.
    const run = checkRunCompleted({
      repo: REPO,
      headSha: first.head_sha as string,
      headBranch: branch,
      conclusion: 'failure',
      name: 'test',
    });
    expect((await w.webhook('check_run', run)).status).toBe(200);

    await react(w, failed.ref, 'repeat');
    const second = await iterationIn(w, 2, 'ci-pending');
    expect(second).toMatchObject({ trigger: 'ci-fix', branch });
    expect(second.head_sha).not.toBe(first.head_sha);
    expect(await w.github.branchSha(REPO, branch)).toBe(second.head_sha);
    expect(await w.github.readFile(REPO, branch, 'src/mul.js')).toContain('undefined');
    expectOnePullRequest(w, branch);
    expect(agent.tasks[1]).toMatchObject({ iteration: 2 });
    expect(agent.tasks[1]?.feedback).toContain('CI check "test" ended failure');
    expect(agent.tasks[1]?.feedback).toContain('expected 0, got NaN');

    passCi(w, second);
    const preview = deploymentStatus({
      repo: REPO,
      sha: second.head_sha as string,
      ref: branch,
      state: 'success',
      environment_url: 'https://pr-1.preview.example',
    });
    expect((await w.webhook('deployment_status', preview)).status).toBe(200);
    expect(
      (await w.webhook('check_suite', suiteFor(second.head_sha as string, branch, 'success'))).status,
    ).toBe(200);
    const passed = await ciMessage(w, /^CI passed on pull request #1$/);
    expect(flat(passed)).toContain('All 2 CI checks passed');
    await iterationIn(w, 2, 'succeeded');
    await waitFor(() =>
      w.chat
        .texts()
        .some((t) =>
          t.includes('Preview deployed (Preview) for pull request #1: https://pr-1.preview.example'),
        ),
    );

    await w.github.mergePull(REPO, 1, { by: 'mona' });
    const closed = pullRequestClosed({
      repo: REPO,
      number: 1,
      merged: true,
      headRef: branch,
      headSha: second.head_sha as string,
      sender: 'mona',
    });
    expect((await w.webhook('pull_request', closed)).status).toBe(200);
    await waitFor(() => w.chat.posts.some((p) => p.message.title?.startsWith('Merged: ')), 15_000);
    const merged = w.chat.posts.find((p) => p.message.title?.startsWith('Merged: '));
    expect(merged?.message.text).toMatch(/^Pull request #1 was merged by mona: /);
    expect(merged?.message.sections?.find((s) => s.heading === 'History')?.items).toEqual([
      expect.stringMatching(/^v1 iteration 1 \(approved\): failed at `[0-9a-f]{7}`, CI failed$/),
      expect.stringMatching(/^v1 iteration 2 \(CI fix by <@UA>\): succeeded at `[0-9a-f]{7}`, CI passed$/),
    ]);
    const db = w.codecot.store.db;
    const memory = await db
      .selectFrom('memory_items')
      .selectAll()
      .where('scope', '=', 'repo')
      .where('kind', '=', 'decision')
      .execute();
    expect(memory.map((m) => m.text)).toContainEqual(
      expect.stringMatching(/^Merged: Add retries to the uploader — Uploads survive/),
    );
    expect(await db.selectFrom('pull_requests').select(['state', 'closed_by']).executeTakeFirst()).toEqual({
      state: 'merged',
      closed_by: 'mona',
    });
    expect(ciMessagesAbout(w).map((p) => p.message.title)).toEqual([
      'CI failed on pull request #1',
      'CI passed on pull request #1',
    ]);
  });

  test('polling only: CI fails -> 🔁 by the requester -> fix -> CI passes; then a reply in the thread iterates again', async () => {
    const agent = scriptedAgent([
      { files: firstChange },
      { files: fixChange },
      { files: replyChange, summary: 'defaults' },
    ]);
    world = await startCiWorld({ agent, files: repoFiles });
    const w = world;
    const spec = await requestAndApprove(w, 'add a mul function');

    const first = await iterationIn(w, 1, 'ci-pending');
    failCi(w, first);
    const failed = await ciMessage(w, /^CI failed on pull request #1$/);
    await react(w, failed.ref, 'repeat', 'UREQ');
    const second = await iterationIn(w, 2, 'ci-pending');
    passCi(w, second);
    await ciMessage(w, /^CI passed on pull request #1$/);
    await iterationIn(w, 2, 'succeeded');
    // A webhook after the poll concluded finds the report claimed: still one message per head.
    const late = await w.webhook(
      'check_suite',
      suiteFor(second.head_sha as string, second.branch as string, 'success'),
    );
    expect(late.status).toBe(200);

    const reply = events.message(person('UB'), 'also handle empty input', {
      threadId: spec.ref.threadId as string,
    });
    await w.sink(reply);
    const third = await iterationIn(w, 3, 'ci-pending');
    expect(third).toMatchObject({ trigger: 'reply', branch: first.branch });
    expect(agent.tasks[2]?.feedback).toContain('also handle empty input');
    expect(await w.github.branchSha(REPO, first.branch as string)).toBe(third.head_sha);
    expectOnePullRequest(w, first.branch);
    passCi(w, third);
    await iterationIn(w, 3, 'succeeded');
    // The report's claim moves the run to succeeded; its message is posted right after.
    await waitFor(() => ciMessagesAbout(w).length >= 3, 30_000);

    expect(ciMessagesAbout(w).map((p) => p.message.title)).toEqual([
      'CI failed on pull request #1',
      'CI passed on pull request #1',
      'CI passed on pull request #1',
    ]);
    const specId = (await w.codecot.store.db.selectFrom('specs').select('id').executeTakeFirstOrThrow()).id;
    expect(await specHistoryLines(w.codecot.store.db, specId)).toEqual([
      expect.stringMatching(/^v1 iteration 1 \(approved\): failed at .*, CI failed$/),
      expect.stringMatching(/^v1 iteration 2 \(CI fix by <@UREQ>\): succeeded at .*, CI passed$/),
      expect.stringMatching(/^v1 iteration 3 \(reply by <@UB>\): succeeded at .*, CI passed$/),
    ]);
    expect((await runs(w)).map((r) => r.iteration)).toEqual([1, 2, 3]);
  });
});
