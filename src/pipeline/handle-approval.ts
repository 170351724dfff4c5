import { type ApprovalPolicy, decide, IGNORED_NOTE, judgeReaction } from '../domain/approval.ts';
import { type MessageRef, messageKey } from '../domain/chat.ts';
import type { ChatEvent } from '../domain/chat-events.ts';
import { emojiFor, meaningOf } from '../domain/emoji.ts';
import { intentMachine } from '../domain/intent.ts';
import { specVersionMachine } from '../domain/spec.ts';
import { isCodecotError } from '../errors.ts';
import { QUEUES } from '../jobs/queues.ts';
import { findChannel } from '../store/repositories/channels.ts';
import {
  createExecution,
  findExecutionByStatusMessage,
  queuePosition,
  setExecutionFields,
} from '../store/repositories/executions.ts';
import { countedReactions, recordReaction } from '../store/repositories/reactions.ts';
import { findSpec, findVersionByMessage, latestVersion, type Spec } from '../store/repositories/specs.ts';
import { moveState } from '../store/transitions.ts';
import { cancelExecution } from './cancel-execution.ts';
import { chatFor, type StageDeps } from './context.ts';
import { maySteerExecution } from './execution-authority.ts';
import { intentFromRequest } from './extract-intent.ts';
import { rememberDecision } from './remember.ts';

type ReactionEvent = Extract<ChatEvent, { type: 'reaction_added' | 'reaction_removed' }>;

/**
 * A reaction on a spec message is a vote under the channel's policy; the summon emoji on any other
 * message is a request. Every reaction on a spec is recorded, counted or ignored with the reason.
 */
export async function handleReaction(deps: StageDeps, event: ReactionEvent): Promise<void> {
  const platform = event.target.channel.platform;
  const meaning = meaningOf(platform, event.emoji);
  const running = await findExecutionByStatusMessage(deps.db, messageKey(event.target));
  if (running) {
    if (meaning === 'reject' && event.type === 'reaction_added')
      await cancelFromReaction(deps, running.id, event);
    return;
  }
  const version = await findVersionByMessage(deps.db, messageKey(event.target));
  if (!version) {
    if (meaning === 'summon' && event.type === 'reaction_added') {
      await intentFromRequest(deps, {
        trigger: 'emoji',
        ref: event.target,
        requester: event.user,
        eventId: event.eventId,
      });
    }
    return;
  }
  if (meaning !== 'approve' && meaning !== 'reject') return;
  const spec = await findSpec(deps.db, version.specId);
  const channel = spec && (await findChannel(deps.db, spec.channelId));
  if (!spec || !channel) return;
  const chat = chatFor(deps, platform);
  const action = event.type === 'reaction_added' ? 'added' : 'removed';
  const base = {
    eventId: event.eventId,
    messageId: messageKey(event.target),
    specVersionId: version.id,
    userId: event.user.id,
    emoji: event.emoji,
    action,
  } as const;

  const policy: ApprovalPolicy = {
    approvers: channel.approvers ?? deps.defaults.approvers,
    quorum: channel.quorum,
    allowSelfApproval: channel.allowSelfApproval,
    requesterId: spec.requestedBy,
    botUserId: chat.botUserId(),
  };
  if (version.state !== 'proposed') {
    const reason = version.state === 'superseded' ? 'superseded' : `spec already ${version.state}`;
    const fresh = await recordReaction(deps.db, { ...base, counted: false, ignoredReason: reason });
    if (fresh && version.state === 'superseded' && action === 'added' && !event.user.isBot) {
      await pointToCurrent(deps, spec, version.version, event.target);
    }
    // A retried job whose first attempt decided, then died (or failed to post) before announcing it.
    if (!fresh && version.state === 'approved' && action === 'added')
      await announceIfUnannounced(deps, chat, event, version, policy);
    return;
  }

  const verdict = judgeReaction(policy, event.user, meaning);
  // Not fresh: a retried job, whose first attempt may have died before deciding; deciding again is safe.
  const fresh = await recordReaction(deps.db, {
    ...base,
    counted: verdict.counted,
    ignoredReason: verdict.counted ? null : verdict.reason,
  });
  if (!verdict.counted) {
    if (fresh && verdict.reason !== 'bot' && action === 'added' && chat.postEphemeral) {
      await chat.postEphemeral(
        event.target.channel,
        event.user.id,
        `Your reaction was not counted: ${IGNORED_NOTE[verdict.reason]}.`,
        event.target.threadId,
      );
    }
    return;
  }
  const decision = decide(policy, await countedReactions(deps.db, version.id, (e) => meaningOf(platform, e)));
  const cause = { kind: 'reaction' as const, actor: event.user.id, eventId: event.eventId };
  const mention = (id: string) => `<@${id.slice(id.indexOf(':') + 1)}>`;
  if (decision.state === 'pending') {
    if (fresh && action === 'added' && meaning === 'approve') {
      await chat.post(
        event.target.channel,
        { text: `Approval ${decision.approvals} of ${policy.quorum} recorded (${mention(event.user.id)}).` },
        event.target,
      );
    }
    return;
  }
  const repo = spec.repo ?? channel.linkedRepo ?? deps.defaults.repo ?? null;
  const decided = await applyDecision(
    deps,
    spec,
    version.id,
    decision.state,
    cause,
    repo,
    [decision.by].flat(),
  );
  if (!decided) {
    if (!fresh && decision.state === 'approved')
      await announceIfUnannounced(deps, chat, event, version, policy);
    return;
  }
  if (decision.state === 'rejected') {
    await chat.post(
      event.target.channel,
      { text: `Spec v${version.version} rejected by ${mention(decision.by)}. Nothing will run.` },
      event.target,
    );
    return;
  }
  await announceApproval(deps, chat, event, version.version, decided.executionId, [decision.by].flat());
}

type Chat = ReturnType<typeof chatFor>;

/** Posts the approval, which becomes the execution's status message (edited in place as the run moves). */
async function announceApproval(
  deps: StageDeps,
  chat: Chat,
  event: ReactionEvent,
  version: number,
  executionId: string,
  by: string[],
): Promise<void> {
  const mention = (id: string) => `<@${id.slice(id.indexOf(':') + 1)}>`;
  const queued = deps.routing.canExecute
    ? `Queued for execution (position ${await queuePosition(deps.db, executionId)}). React ${emojiFor('reject', event.target.channel.platform)} here to cancel.`
    : 'Execution is not enabled on this Codecot yet: the approval is recorded and the run waits in the queue.';
  const posted = await chat.post(
    event.target.channel,
    { text: `Spec v${version} approved by ${by.map(mention).join(', ')}. ${queued}` },
    event.target,
  );
  await setExecutionFields(deps.db, executionId, { statusMessageId: messageKey(posted) });
}

/**
 * The approval this event decided, announced if it never was: its first execution has no status message
 * yet. Only the deciding event's job announces, so another approver's reaction cannot.
 */
async function announceIfUnannounced(
  deps: StageDeps,
  chat: Chat,
  event: ReactionEvent,
  version: { id: string; version: number },
  policy: ApprovalPolicy,
): Promise<void> {
  const execution = await deps.db
    .selectFrom('executions')
    .select(['id', 'status_message_id'])
    .where('spec_version_id', '=', version.id)
    .where('iteration', '=', 1)
    .executeTakeFirst();
  if (!execution || execution.status_message_id) return;
  const approval = await deps.db
    .selectFrom('event_log')
    .select('cause')
    .where('entity', '=', specVersionMachine.name)
    .where('entity_id', '=', version.id)
    .where('to_state', '=', 'approved')
    .executeTakeFirst();
  if (approval?.cause.eventId !== event.eventId) return;
  const platform = event.target.channel.platform;
  const decision = decide(policy, await countedReactions(deps.db, version.id, (e) => meaningOf(platform, e)));
  const by = decision.state === 'approved' ? decision.by : [event.user.id];
  await announceApproval(deps, chat, event, version.version, execution.id, by);
}

/** Moves the version (and on approval enqueues exactly one execution) in one transaction. */
async function applyDecision(
  deps: StageDeps,
  spec: Spec,
  versionId: string,
  state: 'approved' | 'rejected',
  cause: { kind: 'reaction'; actor: string; eventId: string },
  repo: string | null,
  by: string[],
): Promise<{ executionId: string } | undefined> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      await moveState(trx, 'spec_versions', versionId, specVersionMachine, state, cause);
      // Remembered with the decision itself, so a retried job can neither lose nor repeat it.
      await rememberDecision(
        { db: trx, memoryLimit: deps.memoryLimit },
        { spec, versionId, state, by, repo },
      );
      if (state === 'rejected') {
        await moveState(trx, 'intents', spec.intentId, intentMachine, 'dismissed', cause);
        return { executionId: '' };
      }
      const { execution } = await createExecution(trx, versionId, 1, cause);
      await deps.queue.enqueue(
        QUEUES.execute,
        { executionId: execution.id },
        { key: `${versionId}:1`, trx, ...(repo ? { group: repo } : {}) },
      );
      return { executionId: execution.id };
    });
  } catch (error) {
    // A concurrent vote already decided this version: nothing more to do.
    if (isCodecotError(error, 'illegal_transition')) return undefined;
    throw error;
  }
}

async function pointToCurrent(
  deps: StageDeps,
  spec: Spec,
  oldVersion: number,
  target: MessageRef,
): Promise<void> {
  const current = await latestVersion(deps.db, spec.id);
  if (!current || current.version === oldVersion) return;
  await chatFor(deps, target.channel.platform).post(
    target.channel,
    {
      text: `Spec v${oldVersion} was superseded: react on v${current.version}, the latest version in this thread.`,
    },
    target,
  );
}

/** The reject emoji on a run's status message cancels it, when an approver or the requester asks. */
async function cancelFromReaction(deps: StageDeps, executionId: string, event: ReactionEvent): Promise<void> {
  const chat = chatFor(deps, event.target.channel.platform);
  if (event.user.id === chat.botUserId() || !(await maySteerExecution(deps, event.user, executionId))) return;
  const outcome = await cancelExecution(deps.db, executionId, event.user.id, event.eventId);
  await chat.post(
    event.target.channel,
    { text: `${outcome} (asked by <@${event.user.id.slice(event.user.id.indexOf(':') + 1)}>)` },
    event.target,
  );
}
