import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ensureChannel } from '../../../src/store/repositories/channels.ts';
import type { Database } from '../../../src/store/tables.ts';
import { CHANNEL, specBody } from '../../helpers/pipeline.ts';

/** An approved spec version with an open pull request, as an execution would have left them. */
export async function seedPullRequest(
  db: Kysely<Database>,
  pr: { repo: string; number: number; headSha: string; state?: string; thread?: string },
): Promise<{ pullRequestId: string; versionId: string }> {
  const thread = pr.thread ?? '1700000000.000100';
  const channel = await ensureChannel(db, CHANNEL);
  const intentId = randomUUID();
  const specId = randomUUID();
  const versionId = randomUUID();
  const pullRequestId = randomUUID();
  await db
    .insertInto('intents')
    .values({
      id: intentId,
      channel_id: channel.id,
      thread_id: `${channel.id}:${thread}`,
      trigger: 'mention',
      trigger_key: `mention:${intentId}`,
      state: 'proposed',
      title: 'Add mul',
      summary: 'Add a mul function',
      confidence: 1,
      evidence: JSON.stringify([]),
    })
    .execute();
  await db
    .insertInto('specs')
    .values({
      id: specId,
      intent_id: intentId,
      channel_id: channel.id,
      thread_id: `${channel.id}:${thread}`,
      repo: pr.repo,
      requested_by: 'slack:UREQ',
    })
    .execute();
  await db
    .insertInto('spec_versions')
    .values({
      id: versionId,
      spec_id: specId,
      version: 1,
      state: 'approved',
      body: JSON.stringify(specBody('Add mul')),
    })
    .execute();
  await db
    .insertInto('pull_requests')
    .values({
      id: pullRequestId,
      spec_version_id: versionId,
      repo: pr.repo,
      number: pr.number,
      url: `https://github.example/${pr.repo}/pull/${pr.number}`,
      branch: 'codecot/12345678-add-mul',
      state: pr.state ?? 'open',
      draft: false,
      head_sha: pr.headSha,
    })
    .execute();
  return { pullRequestId, versionId };
}

/** An iteration of the seeded version, in a given state, as if it had run. */
export async function seedIteration(
  db: Kysely<Database>,
  versionId: string,
  run: { iteration: number; state: string; trigger: string; headSha: string; statusMessageId?: string },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('executions')
    .values({
      id,
      spec_version_id: versionId,
      iteration: run.iteration,
      state: run.state,
      trigger: run.trigger,
      head_sha: run.headSha,
      base_sha: '0'.repeat(40),
      branch: 'codecot/12345678-add-mul',
      status_message_id: run.statusMessageId ?? null,
    })
    .execute();
  return id;
}

/** The CI message of an iteration's head, posted as `messageId` (a canonical message key). */
export async function seedCiReport(
  db: Kysely<Database>,
  report: { executionId: string; pullRequestId: string; headSha: string; outcome: string; messageId: string },
): Promise<void> {
  await db
    .insertInto('ci_reports')
    .values({
      id: randomUUID(),
      execution_id: report.executionId,
      pull_request_id: report.pullRequestId,
      head_sha: report.headSha,
      outcome: report.outcome,
      message_id: report.messageId,
    })
    .execute();
  await db
    .insertInto('ci_checks')
    .values({
      id: randomUUID(),
      pull_request_id: report.pullRequestId,
      head_sha: report.headSha,
      name: 'test',
      conclusion: report.outcome === 'failed' ? 'failure' : 'success',
      url: 'https://ci.example/runs/9',
      fails_on_base: false,
      details: 'expected 0, got NaN',
    })
    .execute();
}
