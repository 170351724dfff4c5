import { type MessageRef, messageKey, threadKey } from '../domain/chat.ts';
import { emojiFor } from '../domain/emoji.ts';
import type { SpecVersion } from '../domain/spec.ts';
import type { ChannelSettings } from '../store/repositories/channels.ts';
import { setSpecThread, setVersionMessage } from '../store/repositories/specs.ts';
import { chatFor, type StageDeps } from './context.ts';
import { renderSpec } from './render-spec.ts';

/**
 * Posts a spec version in the thread, records which message holds it (reactions there decide it)
 * and which thread is the spec's (replies there revise it), then pre-adds approve and reject.
 */
export async function postSpecVersion(
  deps: StageDeps,
  input: {
    specId: string;
    version: SpecVersion;
    channel: ChannelSettings;
    repo: string | null;
    replyTo: MessageRef;
  },
): Promise<MessageRef> {
  const chat = chatFor(deps, input.channel.ref.platform);
  const posted = await chat.post(
    input.channel.ref,
    renderSpec({
      body: input.version.body,
      version: input.version.version,
      repo: input.repo,
      model: deps.model?.modelName ?? 'not configured',
      routing: deps.routing,
      approvers: input.channel.approvers ?? deps.defaults.approvers,
      quorum: input.channel.quorum,
      platform: chat.name,
    }),
    input.replyTo,
  );
  await setVersionMessage(deps.db, input.version.id, messageKey(posted));
  await setSpecThread(deps.db, input.specId, threadKey(posted));
  await chat.addReaction(posted, emojiFor('approve', chat.name));
  await chat.addReaction(posted, emojiFor('reject', chat.name));
  return posted;
}
