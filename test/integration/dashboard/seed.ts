import { executionMachine } from '../../../src/domain/execution.ts';
import { specVersionMachine } from '../../../src/domain/spec.ts';
import { ensureChannel } from '../../../src/store/repositories/channels.ts';
import {
  addTokens,
  createExecution,
  setExecutionFields,
} from '../../../src/store/repositories/executions.ts';
import { createIntent } from '../../../src/store/repositories/intents.ts';
import { recordModelCall } from '../../../src/store/repositories/model-calls.ts';
import { recordPullRequest } from '../../../src/store/repositories/pull-requests.ts';
import { recordReaction } from '../../../src/store/repositories/reactions.ts';
import { addSpecVersion, ensureSpec, setVersionMessage } from '../../../src/store/repositories/specs.ts';
import { recordValidationRuns } from '../../../src/store/repositories/validation-runs.ts';
import { moveState } from '../../../src/store/transitions.ts';
import { specBody } from '../../helpers/pipeline.ts';
import { CHANNEL, type DashboardWorld, THREAD } from './world.ts';

/** A channel with one intent, a spec in two versions (votes counted and ignored), an execution that passed. */
export async function seedHistory(world: DashboardWorld, title: string) {
  const db = world.database.store.db;
  const channel = await ensureChannel(db, CHANNEL);
  const cause = { kind: 'message' as const, actor: 'local:you', eventId: 'local:e1' };
  const intent = await createIntent(
    db,
    {
      channelId: channel.id,
      threadId: THREAD,
      trigger: 'mention',
      triggerKey: `mention:${title}`,
      title,
      summary: 'summary',
      confidence: 1,
      evidenceMessageIds: [],
      triggerRef: null,
      requestedBy: 'local:you',
    },
    cause,
  );
  if (!intent) throw new Error('no intent');
  const specId = await ensureSpec(db, {
    intentId: intent.id,
    channelId: channel.id,
    threadId: THREAD,
    repo: 'local/widgets',
  });
  const v1 = await addSpecVersion(db, specId, specBody(title), cause);
  await moveState(db, 'spec_versions', v1.id, specVersionMachine, 'superseded', cause);
  const v2 = await addSpecVersion(db, specId, { ...specBody(title), scope: ['src/mul.js'] }, cause);
  await setVersionMessage(db, v2.id, 'local:local:general:m2');
  const vote = {
    messageId: 'local:local:general:m2',
    specVersionId: v2.id,
    emoji: '✅',
    action: 'added' as const,
  };
  await recordReaction(db, {
    ...vote,
    eventId: 'local:r1',
    userId: 'local:ci',
    counted: false,
    ignoredReason: 'bot',
  });
  await recordReaction(db, {
    ...vote,
    eventId: 'local:r2',
    userId: 'local:you',
    counted: true,
    ignoredReason: null,
  });
  await moveState(db, 'spec_versions', v2.id, specVersionMachine, 'approved', { ...cause, kind: 'reaction' });
  const { execution } = await createExecution(db, v2.id, 1, cause);
  for (const to of ['preparing', 'agent', 'validating', 'pushing', 'pr-open', 'succeeded'] as const)
    await moveState(db, 'executions', execution.id, executionMachine, to, {
      kind: 'job',
      detail: `to ${to}`,
    });
  await setExecutionFields(db, execution.id, {
    branch: 'codecot/abc-mul',
    agent: 'scripted',
    model: 'gpt-5-mini',
    summary: 'added mul',
    validationOutcome: 'passed',
    scopeReport: {
      filesChanged: 2,
      additions: 8,
      deletions: 0,
      outOfScope: [],
      secrets: [],
      binary: [],
      oversized: [],
      scopeHasPaths: true,
    },
    diffStat: {
      files: [{ path: 'src/mul.js', status: 'added', additions: 3, deletions: 0, binary: false, bytes: 40 }],
      truncated: false,
    },
  });
  await addTokens(db, execution.id, 120_000, 8_000);
  const check = {
    name: 'test',
    command: 'node --test',
    durationMs: 812,
    failingNames: [],
    logTail: '# pass 5',
  };
  await recordValidationRuns(db, execution.id, 0, 'baseline', [
    { ...check, status: 'passed', passed: 4, failed: 0 },
  ]);
  await recordValidationRuns(db, execution.id, 1, 'change', [
    { ...check, status: 'passed', passed: 5, failed: 0 },
  ]);
  await recordPullRequest(db, {
    specVersionId: v2.id,
    repo: 'local/widgets',
    number: 1,
    url: 'file:///data/repos/local/widgets.git#pull/1',
    branch: 'codecot/abc-mul',
    state: 'open',
    draft: false,
    headSha: 'abcdef1234567890',
  });
  await recordModelCall(db, {
    stage: 'draft-spec',
    subjectId: intent.id,
    channelId: channel.id,
    model: 'gpt-5-mini',
    inputTokens: 2_000,
    outputTokens: 500,
    latencyMs: 900,
    ok: true,
  });
  return { channelId: channel.id, specId, executionId: execution.id, versions: [v1.id, v2.id] };
}
