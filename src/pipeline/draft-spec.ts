import type { MessageRef } from '../domain/chat.ts';
import { intentMachine } from '../domain/intent.ts';
import type { SpecBody } from '../domain/spec.ts';
import { renderPrompt } from '../prompts.ts';
import { type ChannelSettings, findChannel } from '../store/repositories/channels.ts';
import { findIntent } from '../store/repositories/intents.ts';
import { messagesByIds } from '../store/repositories/messages.ts';
import { addSpecVersion, ensureSpec, latestVersion } from '../store/repositories/specs.ts';
import { moveState } from '../store/transitions.ts';
import { chatFor, NO_MODEL_NOTE, type StageDeps } from './context.ts';
import { generateStructured } from './model-call.ts';
import { postSpecVersion } from './post-spec.ts';
import { rememberConventions } from './remember.ts';
import { memoryContext, repoContext } from './repo-context.ts';
import { specBodySchema } from './spec-schema.ts';
import { quoteAll } from './transcript.ts';

/**
 * Drafts the first version of an intent's spec and posts it in the thread of the request. Safe to
 * run again: an existing version is reused (and posted if the post was interrupted), never drafted twice.
 */
export async function draftSpec(deps: StageDeps, payload: { intentId: string }): Promise<void> {
  const intent = await findIntent(deps.db, payload.intentId);
  if (!intent?.triggerRef || intent.state === 'dismissed' || intent.state === 'superseded') return;
  const channel = await findChannel(deps.db, intent.channelId);
  if (!channel) return;
  const repo = channel.linkedRepo ?? deps.defaults.repo ?? null;
  const specId = await ensureSpec(deps.db, {
    intentId: intent.id,
    channelId: intent.channelId,
    threadId: intent.threadId ?? intent.channelId,
    repo,
    triggerMessageId: intent.evidenceMessageIds[0] ?? '',
    requestedBy: intent.requestedBy,
  });
  let version = await latestVersion(deps.db, specId);
  if (!version) {
    if (!deps.model) {
      await chatFor(deps, intent.triggerRef.channel.platform).post(
        intent.triggerRef.channel,
        { text: NO_MODEL_NOTE },
        intent.triggerRef,
      );
      return;
    }
    await rememberConventions(deps, specId, repo);
    const body = await draftBody(
      deps,
      intent.id,
      intent.title,
      intent.summary,
      intent.evidenceMessageIds,
      repo,
      channel,
    );
    version = await addSpecVersion(deps.db, specId, body, {
      kind: 'job',
      detail: `drafted from intent ${intent.id}`,
    });
  }
  if (!version.messageId)
    await postSpecVersion(deps, { specId, version, channel, repo, replyTo: intent.triggerRef as MessageRef });
  if (intent.state === 'detected') {
    await moveState(deps.db, 'intents', intent.id, intentMachine, 'proposed', {
      kind: 'job',
      detail: `spec v${version.version} posted`,
    });
  }
}

async function draftBody(
  deps: StageDeps,
  intentId: string,
  title: string,
  summary: string,
  evidence: readonly string[],
  repo: string | null,
  channel: ChannelSettings,
): Promise<SpecBody> {
  const model = deps.model;
  if (!model) throw new Error('unreachable: checked by the caller');
  const conversation = await messagesByIds(deps.db, evidence);
  return generateStructured(model, {
    stage: 'draft-spec',
    subjectId: intentId,
    channelId: channel.id,
    schema: specBodySchema,
    prompt: renderPrompt('draft-spec', {
      title,
      summary,
      conversation: quoteAll(conversation),
      repo: repo ?? '(none linked)',
      repoContext: await repoContext(deps.codeHost, repo),
      memory: await memoryContext(deps.db, repo, channel.id, title),
    }),
  });
}
