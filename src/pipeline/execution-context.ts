import { type MessageRef, refFromKeys } from '../domain/chat.ts';
import type { SpecBody } from '../domain/spec.ts';
import type { ChatPlatform } from '../ports/chat-platform.ts';
import { type ChannelSettings, findChannel } from '../store/repositories/channels.ts';
import { executionRow } from '../store/repositories/executions.ts';
import { findSpec, findSpecVersion, type Spec } from '../store/repositories/specs.ts';
import { chatFor, type StageDeps } from './context.ts';

/** Everything one execution works with, loaded once at the start of its job. */
export interface ExecutionContext {
  row: NonNullable<Awaited<ReturnType<typeof executionRow>>>;
  spec: Spec;
  version: { id: string; number: number; body: SpecBody; messageRef: MessageRef | undefined };
  channel: ChannelSettings;
  repo: string | null;
  chat: ChatPlatform;
  /** Where status and results are posted: the spec version's message, in its thread. */
  replyTo: MessageRef | undefined;
  /** Who approved the spec version (the deciding reaction), shown on the status message. */
  approvedBy: string | undefined;
}

export async function loadExecutionContext(
  deps: StageDeps,
  executionId: string,
  options: { awaitStatusMessageMs?: number } = {},
): Promise<ExecutionContext | undefined> {
  const row = await statusReadyRow(deps, executionId, options.awaitStatusMessageMs ?? 0);
  const version = row && (await findSpecVersion(deps.db, row.spec_version_id));
  const spec = version && (await findSpec(deps.db, version.specId));
  const channel = spec && (await findChannel(deps.db, spec.channelId));
  if (!row || !version || !spec || !channel) return undefined;
  const messageRef = version.messageId ? refFromKeys(version.messageId, spec.threadId) : undefined;
  return {
    row,
    spec,
    version: { id: version.id, number: version.version, body: version.body, messageRef },
    channel,
    repo: spec.repo ?? channel.linkedRepo ?? deps.defaults.repo ?? null,
    chat: chatFor(deps, channel.ref.platform),
    replyTo: messageRef,
    approvedBy: await approverOf(deps, version.id),
  };
}

/**
 * The approval message becomes the run's status message, but it is posted right after the job is
 * enqueued; a job that starts first waits briefly for it (a rate-limited post can take seconds)
 * instead of posting a second status message.
 */
async function statusReadyRow(deps: StageDeps, executionId: string, waitMs: number) {
  const deadline = Date.now() + waitMs;
  let row = await executionRow(deps.db, executionId);
  while (row && row.state === 'queued' && !row.status_message_id && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    row = await executionRow(deps.db, executionId);
  }
  return row;
}

async function approverOf(deps: StageDeps, versionId: string): Promise<string | undefined> {
  const row = await deps.db
    .selectFrom('event_log')
    .select('cause')
    .where('entity', '=', 'spec_version')
    .where('entity_id', '=', versionId)
    .where('to_state', '=', 'approved')
    .executeTakeFirst();
  const actor = (row?.cause as { actor?: unknown } | undefined)?.actor;
  return typeof actor === 'string' ? actor : undefined;
}
