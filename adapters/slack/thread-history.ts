import { z } from 'zod';
import type { ChatMessage, MessageRef } from '../../src/domain/chat.ts';
import {
  decodeSlackText,
  mentionsUser,
  messageRef,
  threadRootOf,
  tsToDate,
  type WorkspaceContext,
} from './refs.ts';
import { slackId, slackTs } from './schemas.ts';
import type { UserDirectory } from './user-directory.ts';
import { slackError, type WebClient } from './web-client.ts';

const storedMessage = z.object({
  ts: slackTs,
  thread_ts: slackTs.optional(),
  text: z.string().default(''),
  subtype: z.string().optional(),
  user: slackId.optional(),
  bot_id: slackId.optional(),
  username: z.string().optional(),
  team: slackId.optional(),
  user_team: slackId.optional(),
});
type StoredMessage = z.infer<typeof storedMessage>;

/** Threads longer than this are read only this far (the root and the latest replies are kept). */
const MAX_MESSAGES_READ = 1_000;

/**
 * The thread `ref` belongs to, oldest first, at most `limit` messages: the root (it states the
 * request) plus the latest replies when the thread is longer, each author with a trust label.
 */
export async function readThread(
  client: WebClient,
  directory: UserDirectory,
  ctx: WorkspaceContext,
  ref: MessageRef,
  limit: number,
): Promise<ChatMessage[]> {
  if (limit <= 0) return [];
  const channelId = ref.channel.channelId;
  const all: StoredMessage[] = [];
  try {
    const pages = client.paginate('conversations.replies', {
      channel: channelId,
      ts: threadRootOf(ref),
      limit: 200,
    });
    for await (const page of pages) {
      for (const raw of (page as { messages?: unknown[] }).messages ?? []) {
        const parsed = storedMessage.safeParse(raw);
        if (parsed.success && (parsed.data.user || parsed.data.bot_id)) all.push(parsed.data);
      }
      if (all.length >= MAX_MESSAGES_READ) break;
    }
  } catch (error) {
    throw slackError('conversations.replies', error);
  }
  const chosen = all.length <= limit ? all : [...all.slice(0, 1), ...all.slice(all.length - (limit - 1))];
  return Promise.all(
    chosen.map(async (m) => ({
      ref: messageRef(ctx.teamId, channelId, m.ts, m.thread_ts),
      author: await directory.resolve({
        userId: m.user,
        botId: m.bot_id,
        subtype: m.subtype,
        teamId: m.user_team ?? m.team,
        username: m.username,
      }),
      text: decodeSlackText(m.text),
      mentionsBot: mentionsUser(m.text, ctx.botUserId),
      at: tsToDate(m.ts),
    })),
  );
}
