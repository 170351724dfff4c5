import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENDED, PR_OPEN, posted, reached, statusMessage } from '../e2e/observations.ts';
import { passingChange, REPO } from '../e2e/sample-repo.ts';
import { waitFor } from '../helpers/wait.ts';
import {
  crawlDashboard,
  githubOutbound,
  type Outbound,
  pushedHistory,
  slackOutbound,
} from './secrets-outbound.ts';
import { leakyTest, quotingModel } from './secrets-scenarios.ts';
import {
  CONFIGURED,
  LOOKALIKES,
  leaksIn,
  plantedText,
  type SecretsWorld,
  startSecretsWorld,
} from './secrets-world.ts';

// Issue 9, secrets: tokens planted in chat, in the agent's output, in validation and CI output and in a
// GitHub error never reach a thread, a pull request, a commit, a log line or a dashboard page.
let s: SecretsWorld;
const commandAnswers: Outbound[] = [];
const executionIds: string[] = [];

beforeAll(async () => {
  s = await startSecretsWorld();
});

afterAll(async () => {
  await s?.stop();
});

const db = () => s.world.codecot.store.db;
const headOf = async (id: string) =>
  (await db().selectFrom('executions').select('head_sha').where('id', '=', id).executeTakeFirstOrThrow())
    .head_sha;

/** Mention → spec v1 → approval; resolves with the new execution's id. */
async function approvedRun(
  request: string,
  specTitle: RegExp,
): Promise<{ mentionId: string; executionId: string }> {
  const { driver, world } = s;
  const since = driver.botPosts().length;
  const mentionId = await driver.mention('requester', request);
  const spec = await posted(driver, specTitle, since);
  await driver.react('approver', spec, 'approve');
  await posted(driver, /approved by/, since);
  await waitFor(async () => (await world.executions()).length > executionIds.length, 20_000);
  const executionId = (await world.executions()).at(-1)?.id as string;
  executionIds.push(executionId);
  return { mentionId, executionId };
}

describe('secrets never leave Codecot', { timeout: 240_000 }, () => {
  test('planted in the request, a reply, the agent output and failing validation: reported, redacted', async () => {
    const { driver, world } = s;
    world.openai.setHandler(quotingModel(`Stop printing ${LOOKALIKES.ghp}`));
    world.agent.play([
      {
        files: { 'test/leak.test.js': leakyTest() },
        summary: `Printed everything:\n${plantedText()}`,
        note: `reading ${LOOKALIKES.xoxp} with ${CONFIGURED.openaiKey}`,
      },
    ]);
    const mentionId = await driver.mention('requester', `stop printing these\n${plantedText()}`);
    await posted(driver, /Spec v1: Stop printing/);
    await driver.reply('requester', mentionId, `and these too:\n${plantedText()}`);
    const v2 = await posted(driver, /Spec v2: Stop printing/);
    await driver.react('approver', v2, 'approve');
    await waitFor(async () => (await world.executions()).length === 1, 20_000);
    const executionId = (await world.executions())[0]?.id as string;
    executionIds.push(executionId);
    expect((await reached(s.world, executionId, ENDED, 90_000)).state).toBe('failed');
    const result = await posted(driver, /validation failed/);
    expect(result.threadId).toBe(mentionId);
    expect(result.text).toMatch(/secret-like content added in: test\/leak\.test\.js/);

    // The planted values really got in, where they legitimately live un-redacted.
    const stored = await db().selectFrom('messages').select('text').execute();
    expect(
      stored.some((m) => m.text.includes(LOOKALIKES.awsSecret) && m.text.includes(CONFIGURED.githubToken)),
    ).toBe(true);
    expect(world.openai.requests.some((r) => r.messagesText.includes(LOOKALIKES.jwt))).toBe(true);
    expect(world.agent.tasks[0]?.specMarkdown).toContain(LOOKALIKES.bearer);
    const runs = await db().selectFrom('validation_runs').select(['failing_names', 'status']).execute();
    expect(runs.some((r) => r.status === 'failed')).toBe(true);
    const [pull] = world.github.pulls(REPO);
    expect(pull?.draft).toBe(true);
    expect(await world.github.readFile(REPO, pull?.headRef ?? '', 'test/leak.test.js')).toContain(
      LOOKALIKES.awsSecret,
    );
  });

  test('planted in CI check runs and in a GitHub error that echoes the token: reported, redacted', async () => {
    const { driver, world } = s;
    world.openai.setHandler(quotingModel('Add a mul function'));
    world.github.failNext(/check-runs$/, {
      status: 403,
      message: `Resource not accessible by token ${CONFIGURED.githubToken} (${LOOKALIKES.ghp}); Authorization: Bearer ${LOOKALIKES.bearer}`,
    });
    world.agent.play([
      {
        files: { ...passingChange, 'src/fixture.js': `export const sample = '${LOOKALIKES.awsKeyId}';\n` },
        summary: `Done; I saw ${plantedText()}`,
        note: `progress ${LOOKALIKES.jwt}`,
      },
    ]);
    const since = driver.botPosts().length;
    const { executionId } = await approvedRun(
      `add mul; meanwhile ${plantedText()}`,
      /Spec v1: Add a mul function/,
    );
    expect((await reached(world, executionId, PR_OPEN, 90_000)).state).toBe('ci-pending');
    // Validation passed, but a look-alike in the diff makes it a flagged draft, never "ready for review".
    const result = await posted(driver, /Spec v1: Add a mul function — needs a look/, since);
    expect(result.text).toMatch(/secret-like content added in: src\/fixture\.js/);
    expect(world.github.pulls(REPO).at(-1)?.draft).toBe(true);
    await posted(driver, /could not read the CI results/, since);
    const sha = (await headOf(executionId)) as string;
    world.github.setCheckRuns(REPO, sha, [
      {
        name: `lint ${LOOKALIKES.sk}`,
        conclusion: 'failure',
        output: { title: `token ${CONFIGURED.githubToken}`, summary: plantedText(), text: plantedText() },
      },
      { name: 'unit', conclusion: 'success' },
    ]);
    await posted(driver, /CI failed on pull request/, since);

    // Codecot read the check's name and output as they were.
    const checks = await db().selectFrom('ci_checks').select(['name', 'details']).execute();
    expect(checks.some((c) => c.name.includes(LOOKALIKES.sk))).toBe(true);
    const status = await driver.command('requester', 'status');
    const memory = await driver.command('requester', 'memory');
    commandAnswers.push(
      { where: '/codecot status', text: status },
      { where: '/codecot memory', text: memory },
    );
  });

  test("the agent writes one of Codecot's own credentials into a file: nothing is pushed, the thread is told", async () => {
    const { driver, world } = s;
    world.openai.setHandler(quotingModel('Add a settings file'));
    world.agent.play([
      {
        files: { ...passingChange, 'src/settings.js': `export const token = '${CONFIGURED.githubToken}';\n` },
      },
    ]);
    const since = driver.botPosts().length;
    const pulls = world.github.pulls(REPO).length;
    const { mentionId, executionId } = await approvedRun(
      'add a settings file',
      /Spec v1: Add a settings file/,
    );
    const run = await reached(world, executionId, ENDED, 90_000);
    expect(run.state).toBe('failed');
    const trail = () => statusMessage(driver, mentionId).trail.join('\n');
    await waitFor(() => /nothing was pushed/.test(trail()), 20_000);
    expect(trail()).toMatch(/Codecot's own credentials \(in src\/settings\.js\)/);
    expect(await world.github.branchSha(REPO, run.branch ?? 'none')).toBeUndefined();
    expect(world.github.pulls(REPO)).toHaveLength(pulls);
    expect(
      driver
        .botPosts()
        .slice(since)
        .some((p) => /ready for review|needs a look/.test(p.text)),
    ).toBe(false);
  });

  test('nothing sent out carries a planted secret or a base64 form of a configured one', async () => {
    const { driver, world } = s;
    const history = await pushedHistory(world, REPO);
    const pages = await crawlDashboard(world.codecot.port, CONFIGURED.dashboardToken);
    // The crawl reached the pages that show each execution: log, validation table, scope report.
    for (const id of executionIds)
      expect(pages.map((p) => p.where)).toContain(`dashboard /dashboard/executions/${id} (200)`);
    const outbound: Outbound[] = [
      ...slackOutbound(driver.fake),
      ...commandAnswers,
      ...githubOutbound(world, REPO),
      ...history.messages,
      ...pages,
      { where: 'logs', text: s.logLines.join('') },
    ];
    // The scanner finds what it looks for.
    expect(leaksIn(plantedText()).length).toBeGreaterThan(15);
    expect(s.logLines.length).toBeGreaterThan(100);
    const leaks = outbound.flatMap(({ where, text }) => {
      const found = leaksIn(text);
      return found.length ? [`${where}: ${found.join(', ')}`] : [];
    });
    expect(leaks).toEqual([]);
    // What was pushed holds none of Codecot's own credentials (look-alikes in a draft are flagged, not hidden).
    const own = leaksIn(history.patches).filter((name) => name in CONFIGURED || / \(base64/.test(name));
    expect(own).toEqual([]);
  });
});
