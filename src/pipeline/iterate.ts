import type { Kysely } from 'kysely';
import { type MessageRef, messageKey } from '../domain/chat.ts';
import { executionMachine } from '../domain/execution.ts';
import type { Cause } from '../domain/state-machine.ts';
import { isCodecotError } from '../errors.ts';
import { QUEUES } from '../jobs/queues.ts';
import { findChannel } from '../store/repositories/channels.ts';
import { createExecution, setExecutionFields } from '../store/repositories/executions.ts';
import {
  executionByTriggerEvent,
  iterationsOf,
  setIterationCause,
} from '../store/repositories/iterations.ts';
import { pullRequestOf } from '../store/repositories/pull-requests.ts';
import { findSpec, findSpecVersion } from '../store/repositories/specs.ts';
import type { Database } from '../store/tables.ts';
import { moveState } from '../store/transitions.ts';
import { CAPPED_TRIGGERS } from './ci-report.ts';
import { CI_DEFAULTS, chatFor, type StageDeps } from './context.ts';
import { emojiText } from './render-ci.ts';

export interface IterationRequest {
  versionId: string;
  trigger: 'ci-fix' | 'reply' | 'retry';
  /** What the agent is told: the failing CI output, the reply, the previous failure. */
  feedback: string;
  by: string;
  eventId: string;
  /** Where the answer goes: the message reacted on, or the reply. */
  where: MessageRef;
}

const ACTIVE: readonly string[] = ['queued', 'preparing', 'agent', 'validating', 'pushing'];
const WHY = {
  'ci-fix': 'fixing the failing CI checks',
  reply: 'working in your reply',
  retry: 'trying again',
};
type Row = Awaited<ReturnType<typeof iterationsOf>>[number];

/**
 * Starts iteration n+1 of an approved spec version: a new execution on the same branch and pull
 * request, told what to fix. One per triggering event; a head still waiting for CI is superseded.
 */
export async function startIteration(deps: StageDeps, req: IterationRequest): Promise<void> {
  if (await executionByTriggerEvent(deps.db, req.eventId)) return;
  const version = await findSpecVersion(deps.db, req.versionId);
  const spec = version && (await findSpec(deps.db, version.specId));
  const channel = spec && (await findChannel(deps.db, spec.channelId));
  if (!version || !spec || !channel) return;
  const chat = chatFor(deps, channel.ref.platform);
  const runs = await iterationsOf(deps.db, version.id);
  const latest = runs.at(-1);
  const pr = await pullRequestOf(deps.db, version.id);
  const refusal = refuse(deps, req, runs, pr?.state === 'open' || !pr ? undefined : pr);
  if (refusal || !latest) {
    await chat.post(
      channel.ref,
      { text: refusal ?? `Nothing has run for spec v${version.version} yet.` },
      req.where,
    );
    return;
  }
  const n = latest.iteration + 1;
  const repo = pr?.repo ?? spec.repo ?? channel.linkedRepo ?? deps.defaults.repo ?? null;
  const cause: Cause = {
    kind: req.trigger === 'reply' ? 'message' : 'reaction',
    actor: req.by,
    eventId: req.eventId,
    detail: `iteration ${n}: ${req.trigger}`,
  };
  const started = await deps.db.transaction().execute(async (trx) => {
    if (latest.state === 'ci-pending')
      await supersede(trx, latest.id, { ...cause, detail: `superseded by iteration ${n}` });
    const { execution, created } = await createExecution(trx, version.id, n, cause);
    if (!created) return undefined;
    await setIterationCause(trx, execution.id, {
      trigger: req.trigger,
      feedback: req.feedback,
      by: req.by,
      eventId: req.eventId,
    });
    await deps.queue.enqueue(
      QUEUES.execute,
      { executionId: execution.id },
      { key: `${version.id}:${n}`, trx, ...(repo ? { group: repo } : {}) },
    );
    return execution;
  });
  if (!started) return;
  const who = `<@${req.by.slice(req.by.indexOf(':') + 1)}>`;
  const onto = pr ? ` on pull request #${pr.number}` : '';
  const posted = await chat.post(
    channel.ref,
    {
      text: `Iteration ${n} of spec v${version.version} queued${onto}, ${WHY[req.trigger]} (asked by ${who}). React ${emojiText('reject', chat.name)} here to cancel.`,
    },
    req.where,
  );
  // This message is the iteration's status message, edited in place as it runs.
  await setExecutionFields(deps.db, started.id, { statusMessageId: messageKey(posted) });
}

function refuse(
  deps: StageDeps,
  req: IterationRequest,
  runs: Row[],
  closed: { number: number; state: string } | undefined,
) {
  const latest = runs.at(-1);
  const max = (deps.ci ?? CI_DEFAULTS).maxIterations;
  if (!deps.execution) return 'Execution is not enabled on this Codecot, so I cannot iterate.';
  if (closed)
    return `Pull request #${closed.number} is already ${closed.state}. Mention me with a new request to change more.`;
  if (latest && ACTIVE.includes(latest.state))
    return `Iteration ${latest.iteration} is still running; ${req.trigger === 'reply' ? 'reply again' : 'react again'} once it has finished.`;
  if (
    CAPPED_TRIGGERS.includes(req.trigger) &&
    runs.filter((r) => CAPPED_TRIGGERS.includes(r.trigger ?? '')).length >= max
  )
    return `This spec already had ${max} fix iterations started with ${emojiText('repeat', req.where.channel.platform)} (the limit). Reply in the thread with instructions to iterate again.`;
  return undefined;
}

/** The head waiting for CI is replaced by the next iteration's; a result that just came in wins. */
async function supersede(trx: Kysely<Database>, executionId: string, cause: Cause): Promise<void> {
  try {
    await moveState(trx, 'executions', executionId, executionMachine, 'cancelled', cause);
  } catch (error) {
    if (!isCodecotError(error, 'illegal_transition')) throw error;
  }
}
