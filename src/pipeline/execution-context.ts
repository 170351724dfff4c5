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
}

export async function loadExecutionContext(
  deps: StageDeps,
  executionId: string,
): Promise<ExecutionContext | undefined> {
  const row = await executionRow(deps.db, executionId);
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
  };
}
