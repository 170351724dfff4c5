import { afterEach, describe, expect, test } from 'vitest';
import { refFromKeys } from '../../../src/domain/chat.ts';
import { validationRunsOf } from '../../../src/store/repositories/validation-runs.ts';
import { events, person } from '../../helpers/pipeline.ts';
import { scriptedAgent } from '../../helpers/scripted-agent.ts';
import { waitFor } from '../../helpers/wait.ts';
import { type ExecutionWorld, startExecutionWorld } from './harness.ts';

let world: ExecutionWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

const repo = (extra: Record<string, string> = {}) => ({
  'package.json': JSON.stringify({ name: 'widgets', type: 'module', scripts: { test: 'node --test' } }),
  'src/math.js': 'export const add = (a, b) => a + b;\n',
  'test/math.test.js':
    "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { add } from '../src/math.js';\ntest('adds', () => assert.equal(add(1, 2), 3));\n",
  ...extra,
});
const mulTest =
  "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { mul } from '../src/mul.js';\ntest('multiplies', () => assert.equal(mul(2, 3), 6));\n";
const buggy = { 'src/mul.js': 'export const mul = (a, b) => a + b;\n', 'test/mul.test.js': mulTest };
const fixed = { 'src/mul.js': 'export const mul = (a, b) => a * b;\n', 'test/mul.test.js': mulTest };

async function finished(w: ExecutionWorld) {
  await waitFor(
    async () => (await w.executions()).some((e) => ['succeeded', 'failed', 'cancelled'].includes(e.state)),
    90_000,
    200,
  );
  return (await w.executions())[0]!;
}
const resultPost = (w: ExecutionWorld) =>
  w.chat.posts.find((p) => /ready for review|validation failed|needs a look/.test(p.message.title ?? ''));

describe('sandboxed execution with validation by Codecot', { timeout: 120_000 }, () => {
  test('a new failure is fed back and fixed on the second attempt; the PR carries the proof', async () => {
    const agent = scriptedAgent([{ files: buggy }, { files: fixed, summary: 'added mul and fixed it' }]);
    world = await startExecutionWorld(agent, repo());
    await world.requestAndApprove('add a mul function');
    const execution = await finished(world);
    expect(execution).toMatchObject({ state: 'succeeded', attempt: 2, validation_outcome: 'passed' });
    expect(agent.tasks).toHaveLength(2);
    expect(agent.tasks[1]?.feedback).toContain('multiplies');
    expect(agent.tasks[1]?.feedback).toMatch(/failed with exit code 1/);

    const pulls = world.github.pulls('acme/widgets');
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ draft: false });
    expect(pulls[0]?.body).toContain('Validation passed: 1 check, all passing.');
    expect(pulls[0]?.body).toContain('## Approved spec');
    const branch = pulls[0]?.headRef as string;
    expect(branch).toMatch(/^codecot\/[0-9a-f]{8}-add-retries-to-the-uploader$/);
    expect(await world.github.readFile('acme/widgets', branch, 'src/mul.js')).toContain('a * b');

    const result = resultPost(world);
    expect(result?.message.text).toContain('Validation passed');
    expect(result?.message.sections?.find((x) => x.heading === 'Scope')?.items?.join('\n')).toMatch(
      /outside the spec's scope: .*src\/mul.js/,
    );
    const runs = await validationRunsOf(world.database.store.db, execution.id);
    expect(runs.map((r) => `${r.phase}:${r.attempt}:${r.status}`)).toEqual([
      'baseline:0:passed',
      'change:1:failed',
      'change:2:passed',
    ]);
    expect(runs[1]?.failing_names).toEqual(['multiplies']);
    const status = world.chat.updates.filter(
      (u) => u.ref.messageId === refFromKeys(execution.status_message_id ?? 'x:x:x:x').messageId,
    );
    expect(status.map((u) => u.message.text).join('\n')).toMatch(
      /Preparing a fresh checkout[\s\S]*agent is working[\s\S]*Done: pull request #1/,
    );
  });

  test('a failure that already exists on the base is not blamed, and the thread is not told it passed', async () => {
    const legacy =
      "import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('legacy clock', () => assert.equal(1, 2));\n";
    world = await startExecutionWorld(
      scriptedAgent([{ files: fixed }]),
      repo({ 'test/legacy.test.js': legacy }),
    );
    await world.requestAndApprove('add a mul function');
    const execution = await finished(world);
    expect(execution).toMatchObject({ state: 'succeeded', attempt: 1 });
    const text = `${resultPost(world)?.message.text}\n${resultPost(world)
      ?.message.sections?.find((x) => x.heading === 'Validation')
      ?.items?.join('\n')}`;
    expect(text).toMatch(/No new failures, but validation did not pass: test also fails on the base branch/);
    expect(text).toMatch(/test: failed, also fails on the base branch/);
    expect(text).not.toMatch(/Validation passed/);
  });

  test('a failure that repeats stops early, opens a draft and says so plainly', async () => {
    const agent = scriptedAgent([{ files: buggy }]);
    world = await startExecutionWorld(agent, repo());
    await world.requestAndApprove('add a mul function');
    const execution = await finished(world);
    expect(execution).toMatchObject({ state: 'failed', attempt: 2, validation_outcome: 'failed' });
    expect(agent.tasks).toHaveLength(2);
    expect(world.github.pulls('acme/widgets')[0]).toMatchObject({ draft: true });
    expect(resultPost(world)?.message.text).toMatch(
      /Draft pull request #1[\s\S]*Validation failed after 2 attempts: test/,
    );
  });

  test('an agent that changes nothing fails the run with its own words', async () => {
    world = await startExecutionWorld(scriptedAgent([{ summary: 'I could not find the uploader' }]), repo());
    await world.requestAndApprove('add a mul function');
    expect(await finished(world)).toMatchObject({ state: 'failed' });
    expect(world.github.pulls('acme/widgets')).toHaveLength(0);
    expect(world.chat.updates.at(-1)?.message.text).toMatch(
      /Failed: the agent made no change. It said: I could not find the uploader/,
    );
  });

  test('the reject reaction on the status message cancels a running execution and kills its sandbox', async () => {
    const marker = `codecot-cancel-${Date.now()}`;
    world = await startExecutionWorld(scriptedAgent([{ command: `sleep 90 # ${marker}` }]), repo());
    await world.requestAndApprove('add a mul function');
    const { execFileSync } = await import('node:child_process');
    const sleeping = () =>
      execFileSync('ps', ['-eo', 'args'])
        .toString()
        .split('\n')
        .filter((line) => line.includes(marker));
    await waitFor(() => sleeping().length > 0, 60_000);
    const [execution] = await world.executions();
    const statusRef = refFromKeys(execution?.status_message_id ?? 'x:x:x:x');
    const started = Date.now();
    await world.sink(events.reaction(person('UA'), statusRef, 'x'));
    const done = await finished(world);
    expect(done.state).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(world.github.pulls('acme/widgets')).toHaveLength(0);
    expect(world.chat.updates.at(-1)?.message.text).toMatch(/Cancelled by <@UA>/);
    // The sleep ran in the sandbox while the run was live; after the cancel nothing of it is left.
    expect(sleeping()).toEqual([]);
  });
});
