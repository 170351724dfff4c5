import { expect } from 'vitest';
import { emojiFor } from '../../src/domain/emoji.ts';
import { eventsFor } from '../../src/store/repositories/event-log.ts';
import { runGit } from '../fakes/github/index.ts';
import { waitFor } from '../helpers/wait.ts';
import { fixChange } from '../integration/ci/scenario.ts';
import { type CiPath, ciFinishes, expectConcludedBy, FAILING_RUN, mergeFlow, short } from './ci-github.ts';
import type { BotPost, PlatformDriver } from './driver.ts';
import { chatEventsDone, ENDED, mentionOf, posted, reached } from './observations.ts';
import { passingChange, REPO } from './sample-repo.ts';
import type { E2EWorld, ExecutionRow } from './world.ts';

// The GitHub loop after the pull request, written once and run on Slack and on Discord: CI fails and the
// thread is told which check; a 🔁 by someone allowed to steer pushes a fix commit to the same branch and
// pull request; CI passes and the thread is told; the merge is told and remembered. Every check reads
// what the fake platform, the fake GitHub or the database hold.

/** Mention → spec v1 in the thread → the approver's ✅ → the run rests with its pull request open. */
async function approvedRun(world: E2EWorld, driver: PlatformDriver) {
  const seen = driver.botPosts().length;
  const mentionId = await driver.mention('requester', 'add a mul function');
  const spec = await posted(driver, /Spec v1:/, seen);
  expect(spec.threadId).toBe(mentionId);
  await driver.react('approver', spec, 'approve');
  const approval = await posted(driver, /Spec v1 approved by/, seen);
  const execution = (await world.executions()).at(-1) as ExecutionRow;
  const run = await reached(world, execution.id, ['ci-pending', ...ENDED]);
  expect(run).toMatchObject({ state: 'ci-pending', iteration: 1, trigger: null });
  return { mentionId, approval, run };
}

/** Waits until iteration `n` exists and rests in `states`. */
async function iteration(world: E2EWorld, n: number, states: string[]) {
  const find = async () => (await world.executions()).find((e) => e.iteration === n);
  await waitFor(async () => (await find()) !== undefined, 20_000);
  return reached(world, (await find())?.id ?? '', states, 60_000);
}

/**
 * The loop on one platform: CI fails → the thread names the failing check with its link → a bystander's
 * 🔁 is ignored → the approver's 🔁 → a second commit on the same branch and pull request → CI passes →
 * the thread is told; with webhooks, the merge is then told in the thread and goes into memory.
 */
export async function ciLoop(world: E2EWorld, driver: PlatformDriver, path: CiPath): Promise<void> {
  world.agent.play([
    { files: passingChange, summary: 'Added mul with a test.' },
    { files: fixChange, summary: 'mul returns 0 for missing input.' },
  ]);
  const { mentionId, approval, run: first } = await approvedRun(world, driver);
  const [pull, ...others] = world.github.pulls(REPO);
  expect(others).toEqual([]);
  expect(pull).toMatchObject({ headRef: first.branch, state: 'open' });
  const pr = pull?.number as number;
  const url = `${world.github.url}/${REPO}/pull/${pr}`;
  const inThread = (post: BotPost) => expect(post.threadId).toBe(mentionId);

  const seen = driver.botPosts().length;
  const failedBy = await ciFinishes(world, path, first, pr, false);
  const report = await posted(driver, new RegExp(`CI failed on pull request #${pr}`), seen);
  inThread(report);
  expect(report.text).toContain(`1 of 2 CI checks failed on \`${short(first.head_sha as string)}\``);
  expect(report.text).toContain(`❌ test: failure, passes on the base branch — ${FAILING_RUN}`);
  expect(report.text).toContain(url);
  expect((await reached(world, first.id, ENDED)).state).toBe('failed');
  await expectConcludedBy(world, first.id, 'failed', failedBy);
  await waitFor(() => driver.botReactions(report).includes(emojiFor('repeat', driver.platform)));
  await waitFor(() => /see the CI message below/.test(driver.edits(approval.id).at(-1) ?? ''));

  const queued = await steerFix(world, driver, report, first);
  const second = await iteration(world, 2, ['ci-pending', ...ENDED]);
  await expectFixCommit(world, [first, second], pr, driver.idOf('approver'));

  const passedFrom = driver.botPosts().length;
  const passedBy = await ciFinishes(world, path, second, pr, true);
  const passed = await posted(driver, new RegExp(`CI passed on pull request #${pr}`), passedFrom);
  inThread(passed);
  expect(passed.text).toContain(`All 2 CI checks passed on \`${short(second.head_sha as string)}\``);
  expect((await reached(world, second.id, ENDED)).state).toBe('succeeded');
  await expectConcludedBy(world, second.id, 'succeeded', passedBy);
  // Iteration 2's status message is the "queued" answer to the 🔁, edited in place to the end.
  const done = `Done: pull request #${pr} ${url}. CI passed on \`${short(second.head_sha as string)}\`.`;
  await waitFor(() => (driver.edits(queued.id).at(-1) ?? '').includes(done));
  const ciReports = driver.botPosts().filter((p) => /^CI (passed|failed) on/m.test(p.text));
  expect(ciReports.map((p) => p.id)).toEqual([report.id, passed.id]);

  if (path === 'webhooks') await mergeFlow(world, driver, { mentionId, pr, url, second });
}

/** A bystander's 🔁 on the CI report changes nothing; the approver's starts iteration 2 (a CI fix). */
async function steerFix(world: E2EWorld, driver: PlatformDriver, report: BotPost, first: ExecutionRow) {
  const posts = driver.botPosts().length;
  const runs = (await world.executions()).length;
  await driver.react('bystander', report, 'repeat');
  await chatEventsDone(world);
  expect(await world.executions()).toHaveLength(runs);
  expect(driver.botPosts()).toHaveLength(posts);
  expect(await world.github.branchSha(REPO, first.branch as string)).toBe(first.head_sha);

  await driver.react('approver', report, 'repeat');
  const queued = await posted(driver, /Iteration 2 of spec v1 queued on pull request/, posts);
  expect(queued.threadId).toBe(report.threadId);
  expect(queued.text).toContain(
    `fixing the failing CI checks (asked by ${mentionOf(driver.idOf('approver'))})`,
  );
  return queued;
}

/** The fix is a second commit on the same branch, on top of the first, under the same and only pull request. */
async function expectFixCommit(
  world: E2EWorld,
  [first, second]: [ExecutionRow, ExecutionRow],
  pr: number,
  steeredBy: string,
) {
  const branch = first.branch as string;
  expect(second).toMatchObject({ state: 'ci-pending', trigger: 'ci-fix', branch });
  expect(second.head_sha).not.toBe(first.head_sha);
  expect(await world.github.branchSha(REPO, branch)).toBe(second.head_sha);
  const git = (...args: string[]) => runGit(['--git-dir', world.bareDir, ...args]);
  expect(await git('rev-parse', `${second.head_sha}^`)).toBe(first.head_sha);
  expect(await git('rev-list', '--count', `main..${branch}`)).toBe('2');
  expect(await world.github.readFile(REPO, branch, 'src/mul.js')).toBe(fixChange['src/mul.js']);
  const pulls = world.github.pulls(REPO);
  expect(pulls).toEqual([expect.objectContaining({ number: pr, headRef: branch, state: 'open' })]);
  const [started] = await eventsFor(world.codecot.store.db, 'execution', second.id);
  expect(started?.cause).toMatchObject({ kind: 'reaction', actor: steeredBy, detail: 'iteration 2: ci-fix' });
  const feedback = world.agent.tasks[1]?.feedback ?? '';
  expect(feedback).toContain('CI check "test" ended failure');
  expect(feedback).toContain('expected 0, got NaN');
}
