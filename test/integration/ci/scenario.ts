import { expect } from 'vitest';
import type { MessageRef } from '../../../src/domain/chat.ts';
import type { CheckRunInput } from '../../fakes/github/index.ts';
import type { PostedRecord } from '../../fakes/memory-chat.ts';
import { events, person } from '../../helpers/pipeline.ts';
import { waitFor } from '../../helpers/wait.ts';
import { type CiWorld, REPO } from './world.ts';

/** A repository whose own tests pass, so Codecot's validation passes and CI is what fails. */
export const repoFiles = {
  'package.json': JSON.stringify({ name: 'widgets', type: 'module', scripts: { test: 'node --test' } }),
  'src/math.js': 'export const add = (a, b) => a + b;\n',
  'test/math.test.js':
    "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { add } from '../src/math.js';\ntest('adds', () => assert.equal(add(1, 2), 3));\n",
};
export const firstChange = { 'src/mul.js': 'export const mul = (a, b) => a * b;\n' };
export const fixChange = {
  'src/mul.js':
    'export const mul = (a, b) => {\n  if (a === undefined || b === undefined) return 0;\n  return a * b;\n};\n',
};
export const replyChange = {
  'src/mul.js': 'export const mul = (a = 0, b = 0) => a * b;\n',
};

export interface Run {
  id: string;
  iteration: number;
  state: string;
  head_sha: string | null;
  base_sha: string | null;
  branch: string | null;
  trigger: string | null;
}

export const runs = (world: CiWorld): Promise<Run[]> =>
  world.codecot.store.db
    .selectFrom('executions')
    .select(['id', 'iteration', 'state', 'head_sha', 'base_sha', 'branch', 'trigger'])
    .orderBy('iteration')
    .execute();

/** Waits until iteration `n` is in `state`, and returns it. */
export async function iterationIn(
  world: CiWorld,
  n: number,
  state: string,
  timeoutMs = 60_000,
): Promise<Run> {
  await waitFor(
    async () => (await runs(world)).some((r) => r.iteration === n && r.state === state),
    timeoutMs,
    100,
  );
  const run = (await runs(world)).find((r) => r.iteration === n);
  if (!run) throw new Error(`no iteration ${n}`);
  return run;
}

/** Mentions the bot, waits for the spec and approves it (UA is the approver). */
export async function requestAndApprove(world: CiWorld, text: string): Promise<PostedRecord> {
  await world.sink(events.message(person('UREQ'), `<@UBOT> ${text}`, { mention: true }));
  await waitFor(() => world.chat.posts.some((p) => p.message.title?.startsWith('Spec v1')), 20_000);
  const spec = world.chat.posts.find((p) => p.message.title?.startsWith('Spec v1'));
  if (!spec) throw new Error('no spec posted');
  await world.sink(events.reaction(person('UA'), spec.ref, 'white_check_mark'));
  return spec;
}

/** The one CI message posted about a head, once it is there. */
export async function ciMessage(world: CiWorld, title: RegExp, after = 0): Promise<PostedRecord> {
  await waitFor(
    () => world.chat.posts.slice(after).some((p) => title.test(p.message.title ?? '')),
    30_000,
    100,
  );
  return world.chat.posts.slice(after).find((p) => title.test(p.message.title ?? '')) as PostedRecord;
}

export const ciMessagesAbout = (world: CiWorld) =>
  world.chat.posts.filter((p) => /^CI (passed|failed)/.test(p.message.title ?? ''));

/** CI fails on the pull request's head (and the same check passes on the base commit). */
export function failCi(world: CiWorld, run: Run): void {
  const failing: CheckRunInput = {
    name: 'test',
    conclusion: 'failure',
    details_url: 'https://ci.example/runs/1',
    output: { title: '1 test failed', summary: 'mul handles undefined: expected 0, got NaN' },
  };
  world.github.setCheckRuns(REPO, run.head_sha as string, [
    failing,
    { name: 'build', conclusion: 'success' },
  ]);
  world.github.setCheckRuns(REPO, run.base_sha as string, [
    { name: 'test', conclusion: 'success' },
    { name: 'build', conclusion: 'success' },
  ]);
}

export function passCi(world: CiWorld, run: Run): void {
  world.github.setCheckRuns(REPO, run.head_sha as string, [
    { name: 'test', conclusion: 'success', details_url: 'https://ci.example/runs/2' },
    { name: 'build', conclusion: 'success' },
  ]);
}

export async function react(world: CiWorld, ref: MessageRef, emoji: string, user = 'UA'): Promise<void> {
  await world.sink(events.reaction(person(user), ref, emoji));
}

export function expectOnePullRequest(world: CiWorld, branch: string | null): void {
  const pulls = world.github.pulls(REPO);
  expect(pulls).toHaveLength(1);
  expect(pulls[0]?.headRef).toBe(branch);
}
